/**
 * Small helpers around the real `ollama` client. Given code: the same in the starter and the
 * solution.
 */
import { normalizeOllamaHost } from '@workshop/llm';
import { Ollama } from 'ollama';

/**
 * An `ollama` client whose every call gives up after `timeoutMs`. The client has no timeout
 * of its own, and a health check that hangs is worse than one that fails.
 */
export function connectOllama(host: string | undefined, timeoutMs: number): Ollama {
  const timedFetch: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    // Look fetch up at call time, so test interceptors installed after import still apply.
    return globalThis.fetch(input, { ...init, signal });
  };
  return new Ollama({ host: normalizeOllamaHost(host), fetch: timedFetch });
}

/** `llama3.2` and `llama3.2:latest` name the same model; compare names through this. */
export function canonicalModel(name: string): string {
  const trimmed = name.trim();
  return trimmed.includes(':') ? trimmed : `${trimmed}:latest`;
}

/** A pinned or reported digest without its `sha256:` prefix, lower case. */
export function bareDigest(digest: string): string {
  return digest
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
}

/** HTTP status of an error thrown by the `ollama` client, if it carries one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : undefined;
}

/** One line describing why a call failed (timeouts and refused connections included). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer within the timeout';
    const cause = error.cause as { code?: string; message?: string } | undefined;
    const status = statusOf(error);
    const base = status !== undefined ? `${status} ${error.message}` : error.message;
    return cause?.code || cause?.message ? `${base} (${cause.code ?? cause.message})` : base;
  }
  return String(error);
}
