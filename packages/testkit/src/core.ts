/**
 * Shared machinery of every emulator (OpenAI, Ollama, Qdrant): request recording,
 * queued faults, added latency, and the translation of a `Fault` into an HTTP answer.
 * An emulator builds its msw handlers with `emulate()` and only writes the happy path.
 */
import { HttpResponse, type JsonBodyType } from 'msw';
import type { EmulatorControls, Fault, RecordedRequest } from './types.ts';

/** Builds an error body in a provider's own format, e.g. OpenAI's `{ error: { message, type, code } }`. */
export type ErrorBodyFormat = (status: number, message: string) => JsonBodyType;

/** How a streamed answer is framed; decides what a malformed chunk looks like. */
export type StreamFraming = 'sse' | 'ndjson';

/** Controls plus the hooks an emulator needs; what `createControls` returns. */
export interface Controls extends EmulatorControls {
  /** Records a request (body parsed as JSON when possible) and returns the record. */
  record(request: Request): Promise<RecordedRequest>;
  /** Takes the next queued fault, if any (each `fail()` call queues `times` of them). */
  takeFault(): Fault | undefined;
  /** Current added latency in ms (`setLatency`). */
  readonly latencyMs: number;
  /** Registers emulator state to clear on `reset()` (scripts, data). */
  onReset(fn: () => void): void;
  /** Registers a request that hangs until aborted; `reset()` releases it so nothing leaks. */
  hold(signal: AbortSignal): Promise<void>;
}

/**
 * Options of `createControls`. Every emulator factory takes them as its second argument
 * and passes them through, e.g. `createQdrantEmulator(baseURL, options)`.
 */
export interface ControlsOptions {
  /** Called with every recorded request; the network uses it to keep one global log. */
  onRecord?: (request: RecordedRequest) => void;
}

/** Removes trailing slashes so `${baseURL}/path` never has `//`. */
export function normalizeBaseURL(baseURL: string): string {
  return baseURL.replace(/\/+$/, '');
}

/** Creates the shared controls of one emulator instance at `baseURL`. */
export function createControls(baseURL: string, options: ControlsOptions = {}): Controls {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const resetHooks: (() => void)[] = [];
  const held = new Set<() => void>();
  let latencyMs = 0;

  return {
    baseURL: normalizeBaseURL(baseURL),
    requests,
    get latencyMs() {
      return latencyMs;
    },
    fail(fault, times = 1) {
      if (!Number.isInteger(times) || times < 1) {
        throw new Error(`fail(): times must be a positive integer, got ${times}`);
      }
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new Error(`setLatency(): ms must be a non-negative number, got ${ms}`);
      }
      latencyMs = ms;
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      latencyMs = 0;
      for (const release of held) release();
      held.clear();
      for (const hook of resetHooks) hook();
    },
    onReset(fn) {
      resetHooks.push(fn);
    },
    takeFault() {
      return faults.shift();
    },
    async record(request) {
      const recorded = await recordRequest(request);
      requests.push(recorded);
      options.onRecord?.(recorded);
      return recorded;
    },
    hold(signal) {
      return new Promise<void>((resolve) => {
        const release = () => {
          held.delete(release);
          resolve();
        };
        held.add(release);
        if (signal.aborted) release();
        else signal.addEventListener('abort', release, { once: true });
      });
    },
  };
}

/** Reads a request into a `RecordedRequest` without consuming the original body. */
export async function recordRequest(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const text = request.body ? await request.clone().text() : '';
  let body: unknown;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    method: request.method,
    url: request.url,
    path: url.pathname,
    headers: Object.fromEntries(request.headers.entries()),
    body,
  };
}

/** Waits `ms`, or less if `signal` aborts first (a client timeout must not wait for the emulator). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** What a handler receives from `emulate()`. */
export interface EmulatedCall {
  /** The intercepted request (its body is still readable). */
  request: Request;
  /** The recorded request; `body` is the parsed JSON body. */
  recorded: RecordedRequest;
  /** Path parameters matched by msw (e.g. `:name`). */
  params: Record<string, string | readonly string[] | undefined>;
}

/** Options of `emulate()`. */
export interface EmulateOptions {
  /** Error body format of the provider. */
  errorBody: ErrorBodyFormat;
  /**
   * Whether this endpoint may stream; `stream_cut` faults are then left to the handler
   * (it knows its chunks). Decided per request, e.g. from the body's `stream` field.
   */
  streams?: (call: EmulatedCall) => StreamFraming | undefined;
  /**
   * Checked before faults and latency, as a real server authenticates first: an answer here
   * (e.g. a 401) replaces everything else.
   */
  guard?: (call: EmulatedCall) => Response | undefined;
}

/**
 * Wraps an emulator's happy-path resolver with the shared behaviour: record the request,
 * apply latency, and answer a queued fault instead of calling `resolve`.
 * A `stream_cut` on a streaming request is passed to `resolve` as its second argument.
 */
export function emulate(
  controls: Controls,
  options: EmulateOptions,
  resolve: (call: EmulatedCall, streamCut?: { afterChunks: number }) => Response | Promise<Response>,
) {
  return async ({
    request,
    params,
  }: {
    request: Request;
    params: Record<string, string | readonly string[] | undefined>;
  }): Promise<Response> => {
    const recorded = await controls.record(request);
    const call: EmulatedCall = { request, recorded, params };
    const refused = options.guard?.(call);
    if (refused) return refused;
    const fault = controls.takeFault();
    await sleep(controls.latencyMs, request.signal);
    if (!fault) return resolve(call);
    const framing = options.streams?.(call);
    if (fault.fault === 'stream_cut' && framing) {
      return resolve(call, { afterChunks: fault.afterChunks ?? DEFAULT_CUT_AFTER_CHUNKS });
    }
    return faultResponse(fault, { controls, request, errorBody: options.errorBody, framing });
  };
}

/** Chunks sent before a `stream_cut` when `afterChunks` is not given. */
export const DEFAULT_CUT_AFTER_CHUNKS = 2;

/** Context for `faultResponse`. */
export interface FaultContext {
  controls: Controls;
  request: Request;
  errorBody: ErrorBodyFormat;
  /** Set when the client expects a stream, so malformed output is a malformed chunk. */
  framing?: StreamFraming | undefined;
}

/** Turns a fault into the answer a real provider (or network) would give. */
export async function faultResponse(fault: Fault, context: FaultContext): Promise<Response> {
  const { errorBody } = context;
  switch (fault.fault) {
    case 'rate_limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return HttpResponse.json(errorBody(429, `Rate limit reached. Please try again in ${seconds}s.`), {
        status: 429,
        headers: { 'retry-after': String(seconds) },
      });
    }
    case 'server_error': {
      const status = fault.status ?? 500;
      return HttpResponse.json(
        errorBody(status, `The server had an error while processing your request (${status}).`),
        {
          status,
        },
      );
    }
    case 'timeout':
      // Answer nothing until the client gives up (its abort signal) or the test ends.
      await context.controls.hold(context.request.signal);
      return HttpResponse.error();
    case 'malformed_json':
      return malformedResponse(context.framing);
    case 'stream_cut':
      // A non-streamed answer cut mid-way: half a JSON body, then the connection drops.
      return cutBodyResponse(['{"id":"cut","object":'], 1, 'application/json');
    case 'network_error':
      return HttpResponse.error();
  }
}

function malformedResponse(framing: StreamFraming | undefined): Response {
  if (framing === 'sse') {
    return new HttpResponse('data: {"id":"broken","choices":[{"delta":\n\n', {
      headers: { 'content-type': 'text/event-stream' },
    });
  }
  if (framing === 'ndjson') {
    return new HttpResponse('{"model":"broken","message":{\n', {
      headers: { 'content-type': 'application/x-ndjson' },
    });
  }
  return new HttpResponse('{"id": "broken", "choices": [', {
    headers: { 'content-type': 'application/json' },
  });
}

/** Options of `streamResponse`. */
export interface StreamOptions {
  /** Content type, e.g. `text/event-stream` or `application/x-ndjson`. */
  contentType: string;
  /** Cut the connection after this many chunks (a `stream_cut` fault). */
  cutAfterChunks?: number | undefined;
  /** Delay before the first chunk, in ms. */
  firstChunkDelayMs?: number;
  /** The request, so a delay ends early when the client aborts. */
  signal?: AbortSignal;
}

/**
 * A streamed answer from pre-rendered chunks (each already framed: `data: …\n\n` or `…\n`).
 * With `cutAfterChunks`, the body errors after that many chunks, which the client sees as
 * a dropped connection mid-stream.
 */
export function streamResponse(chunks: string[], options: StreamOptions): Response {
  const encoder = new TextEncoder();
  const { cutAfterChunks } = options;
  let sent = 0;
  // Pull-based, one chunk per read, so the client sees every chunk before a cut.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === 0) await sleep(options.firstChunkDelayMs ?? 0, options.signal);
      const chunk = chunks[sent];
      if (cutAfterChunks !== undefined && sent >= cutAfterChunks) {
        // Let the chunks already sent reach the client before the connection drops.
        await new Promise((resolve) => setTimeout(resolve, 5));
        controller.error(new Error('testkit: stream cut by fault injection'));
      } else if (chunk === undefined) {
        controller.close();
      } else {
        sent += 1;
        controller.enqueue(encoder.encode(chunk));
      }
    },
  });
  return new HttpResponse(body, {
    // Chunked framing makes a cut visible: without it the body ends at connection close, so a drop looks like a clean end.
    headers: { 'content-type': options.contentType, 'cache-control': 'no-cache', 'transfer-encoding': 'chunked' },
  });
}

function cutBodyResponse(chunks: string[], cutAfterChunks: number, contentType: string): Response {
  return streamResponse([...chunks, '<never sent>'], { contentType, cutAfterChunks });
}

/** Rough token estimate (about 4 characters per token), for usage when a script gives none. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Splits text into word-sized pieces (keeping whitespace), as models stream it. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/** Whether a script step is a fault rather than a reply. */
export function isFault(step: unknown): step is Fault {
  return typeof step === 'object' && step !== null && 'fault' in step;
}

/** A queue of scripted steps (`script(...)`), consumed one per chat request. */
export interface ScriptQueue<Step> {
  /** Appends steps. */
  push(...steps: Step[]): void;
  /** Takes the next step, or undefined when the queue is empty. */
  next(): Step | undefined;
  /** Empties the queue. */
  clear(): void;
}

/** Creates an empty script queue. */
export function createScriptQueue<Step>(): ScriptQueue<Step> {
  const steps: Step[] = [];
  return {
    push: (...more) => {
      steps.push(...more);
    },
    next: () => steps.shift(),
    clear: () => {
      steps.length = 0;
    },
  };
}
