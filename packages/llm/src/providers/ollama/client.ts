import { Ollama } from 'ollama';
import { anySignal } from '../shared/abort.ts';

/** Ollama's default address (what `ollama serve` listens on). */
export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/** Options shared by the Ollama chat and embedding adapters. */
export interface OllamaClientOptions {
  /** Server URL. Default `http://127.0.0.1:11434`. A bare `host:port` gets `http://`. */
  host?: string;
  /** How long the model stays loaded after the call (`5m`, `1h`, seconds, or -1 for ever). Server default when unset. */
  keepAlive?: string | number;
  /** Milliseconds to wait for the server to start answering. Default 120 000 (a cold model load is slow). */
  timeoutMs?: number;
  /** Custom fetch implementation (proxies, tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** `host:port` → `http://host:port`, trailing slashes removed (OLLAMA_HOST is often set without a scheme). */
export function normalizeOllamaHost(host: string | undefined): string {
  const value = (host ?? '').trim() || OLLAMA_DEFAULT_HOST;
  return (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`).replace(/\/+$/, '');
}

/** A client for one call, plus the signal that fires when that call times out. */
export interface CallClient {
  client: Ollama;
  /** Aborted when the server did not start answering within the timeout. */
  timeoutSignal: AbortSignal;
  /** Whether the server's response headers arrived (a later failure is a cut-off answer, not an unreachable host). */
  responded(): boolean;
}

/**
 * The `ollama` client has no per-request signal or timeout for non-streamed calls, so each
 * call gets its own client whose fetch carries the caller's signal and a timeout that
 * covers the wait for the response headers (not the time spent streaming tokens).
 */
export function clientForCall(
  host: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  customFetch: typeof fetch | undefined,
): CallClient {
  const timeout = new AbortController();
  let responded = false;
  const callFetch: typeof fetch = async (input, init) => {
    const timer = setTimeout(() => timeout.abort(new DOMException('Ollama timeout', 'TimeoutError')), timeoutMs);
    try {
      // Resolve fetch at call time so test interceptors installed later still apply.
      const fetchImpl = customFetch ?? globalThis.fetch;
      const response = await fetchImpl(input, {
        ...init,
        signal: anySignal(init?.signal ?? undefined, signal, timeout.signal) ?? null,
      });
      responded = true;
      return response;
    } finally {
      clearTimeout(timer);
    }
  };
  return { client: new Ollama({ host, fetch: callFetch }), timeoutSignal: timeout.signal, responded: () => responded };
}
