/**
 * The emulated Ollama API: `/api/chat` (NDJSON stream by default, JSON with `stream: false`),
 * `/api/embed` (and the older `/api/embeddings`), `/api/tags`, `/api/ps`, `/api/version`,
 * `/api/show`, `/api/pull`. Requests are validated as the Go server does (keep_alive as a Go
 * duration, chat only with a model that can chat), and chat and embed requests load their model:
 * `/api/ps` lists it with its context length until its keep_alive runs out.
 */
import { hashEmbedding, parseOllamaKeepAlive } from '@workshop/llm';
import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type ControlsOptions,
  createControls,
  createScriptQueue,
  emulate,
  estimateTokens,
  faultResponse,
  isFault,
  sleep,
  streamResponse,
} from '../core.ts';
import { nextAnswer, resolveReply } from '../reply.ts';
import type { OllamaEmulator, ScriptStep } from '../types.ts';
import { renderChat, renderChatLines } from './chat.ts';
import {
  capabilitiesOf,
  DEFAULT_CONTEXT_LENGTH,
  DEFAULT_KEEP_ALIVE_MS,
  DEFAULT_PULLED_MODELS,
  details,
  digestOf,
  expiresAt,
  type LoadedModel,
  nativeDimensions,
  normalizeModelName,
  type PulledModel,
} from './models.ts';

export { DEFAULT_PULLED_MODELS, normalizeModelName, OLLAMA_EMBEDDING_DIMENSIONS } from './models.ts';

/** Ollama's default host, as the `ollama` client calls it. */
export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** Version `/api/version` reports after each reset. */
export const DEFAULT_OLLAMA_VERSION = '0.12.6';

/** Models kept loaded at once after each reset (OLLAMA_MAX_LOADED_MODELS on a CPU). */
export const DEFAULT_MAX_LOADED_MODELS = 3;

/** `expires_at` reported for a model a test put in `loaded` without one. */
const SET_BY_TEST_EXPIRY = '2099-01-01T00:00:00Z';

/** Ollama's error body: `{ error: message }`. */
export function ollamaErrorBody(_status: number, message: string) {
  return { error: message };
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function errorResponse(status: number, message: string): Response {
  return HttpResponse.json(ollamaErrorBody(status, message), { status });
}

/** The request's keep_alive in ms, or the server's 400 for one Go cannot parse. */
function readKeepAlive(body: Record<string, unknown>): number | Response {
  try {
    return parseOllamaKeepAlive(body.keep_alive, DEFAULT_KEEP_ALIVE_MS);
  } catch (error) {
    return errorResponse(400, (error as Error).message);
  }
}

/** `options.num_ctx` when it is a positive integer, else the default context length. */
function contextLength(body: Record<string, unknown>): number {
  const numCtx = asObject(body.options).num_ctx;
  return typeof numCtx === 'number' && Number.isInteger(numCtx) && numCtx > 0 ? numCtx : DEFAULT_CONTEXT_LENGTH;
}

function unitLength(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** Creates an Ollama emulator at `host` (default `http://127.0.0.1:11434`) and its msw handlers. */
export function createOllamaEmulator(
  host: string = DEFAULT_OLLAMA_HOST,
  options: ControlsOptions = {},
): { emulator: OllamaEmulator; handlers: HttpHandler[] } {
  const controls = createControls(host, options);
  const base = controls.baseURL;
  const script = createScriptQueue<ScriptStep>();
  let pulled: PulledModel[] = DEFAULT_PULLED_MODELS.map((m) => ({ ...m }));
  let loaded: LoadedModel[] = [];
  let maxLoadedModels = DEFAULT_MAX_LOADED_MODELS;
  let version = DEFAULT_OLLAMA_VERSION;
  let sequence = 0;
  controls.onReset(() => {
    script.clear();
    pulled = DEFAULT_PULLED_MODELS.map((m) => ({ ...m }));
    loaded = [];
    maxLoadedModels = DEFAULT_MAX_LOADED_MODELS;
    version = DEFAULT_OLLAMA_VERSION;
  });

  const findPulled = (model: string) => pulled.find((m) => normalizeModelName(m.name) === normalizeModelName(model));

  /** 400 without a model, 404 (Ollama's message) when it is not pulled. */
  const missingModel = (model: unknown): Response | undefined => {
    if (typeof model !== 'string' || model === '') return errorResponse(400, 'model is required');
    if (!findPulled(model)) return errorResponse(404, `model "${model}" not found, try pulling it first`);
    return undefined;
  };

  /**
   * The scheduler: the model is (re)loaded for `keepAlive` ms, most recently used last; past
   * `maxLoadedModels` the least recently used is unloaded. keep_alive 0 unloads it.
   */
  const load = (model: string, keepAlive: number, context: number) => {
    const name = normalizeModelName(model);
    loaded = loaded.filter((m) => normalizeModelName(m.name) !== name);
    if (keepAlive === 0) return;
    const digest = findPulled(model)?.digest;
    loaded.push({ name, ...(digest ? { digest } : {}), expiresAt: expiresAt(keepAlive), contextLength: context });
    while (loaded.length > maxLoadedModels) loaded.shift();
  };

  const unload = (model: string) => {
    loaded = loaded.filter((m) => normalizeModelName(m.name) !== normalizeModelName(model));
  };

  const modelEntry = (m: PulledModel) => ({
    name: normalizeModelName(m.name),
    model: normalizeModelName(m.name),
    modified_at: '2025-01-01T00:00:00Z',
    size: m.size ?? 1_000_000_000,
    digest: m.digest ?? digestOf(m.name),
    details: details(m.name),
  });

  const streamedByDefault = (body: Record<string, unknown>) => body.stream !== false;

  /** The answer to a chat without messages: the model is loaded (or unloaded), nothing generated. */
  const loadAnswer = (model: string, doneReason: 'load' | 'unload', streamed: boolean) => {
    const line = {
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: '' },
      done_reason: doneReason,
      done: true,
    };
    return streamed
      ? streamResponse([`${JSON.stringify(line)}\n`], { contentType: 'application/x-ndjson' })
      : HttpResponse.json(line);
  };

  const chat = http.post(
    `${base}/api/chat`,
    emulate(
      controls,
      {
        errorBody: ollamaErrorBody,
        streams: ({ recorded }) => (streamedByDefault(asObject(recorded.body)) ? 'ndjson' : undefined),
      },
      async ({ request, recorded }, streamCut) => {
        const body = asObject(recorded.body);
        const keepAlive = readKeepAlive(body);
        if (keepAlive instanceof Response) return keepAlive;
        const missing = missingModel(body.model);
        if (missing) return missing;
        const model = String(body.model);
        const streamed = streamedByDefault(body);
        const empty = !Array.isArray(body.messages) || body.messages.length === 0;
        if (empty && keepAlive === 0) {
          unload(model);
          return loadAnswer(model, 'unload', streamed);
        }
        if (!capabilitiesOf(findPulled(model) as PulledModel).includes('completion')) {
          return errorResponse(400, `"${model}" does not support chat`);
        }
        if (empty) {
          // A load consumes the next scripted step too: a fault is a load that fails, a reply's
          // delayMs the load time (its content is not used: a load generates nothing).
          const step = script.next();
          if (step && isFault(step)) {
            return faultResponse(step, {
              controls,
              request,
              errorBody: ollamaErrorBody,
              framing: streamed ? 'ndjson' : undefined,
            });
          }
          await sleep(step?.delayMs ?? 0, request.signal);
          load(model, keepAlive, contextLength(body));
          return loadAnswer(model, 'load', streamed);
        }
        load(model, keepAlive, contextLength(body));
        const answer = nextAnswer(script, body.messages, streamed, streamCut);
        if (answer.kind === 'fault') {
          return faultResponse(answer.fault, {
            controls,
            request,
            errorBody: ollamaErrorBody,
            framing: streamed ? 'ndjson' : undefined,
          });
        }
        sequence += 1;
        const reply = resolveReply(answer.reply, body.messages, `call_ollama_${sequence}`);
        const createdAt = new Date().toISOString();
        if (streamed) {
          return streamResponse(renderChatLines(reply, answer.reply.model ?? model, createdAt), {
            contentType: 'application/x-ndjson',
            cutAfterChunks: answer.cutAfterChunks,
            firstChunkDelayMs: answer.reply.delayMs ?? 0,
            signal: request.signal,
          });
        }
        await sleep(answer.reply.delayMs ?? 0, request.signal);
        return HttpResponse.json(renderChat(reply, answer.reply.model ?? model, createdAt));
      },
    ),
  );

  /** A vector at the model's native size, shortened and renormalised to `dimensions` when asked (never grown). */
  const embedding = (model: string, text: string, dimensions: unknown) => {
    const native = nativeDimensions(model);
    const vector = hashEmbedding(text, native);
    return typeof dimensions === 'number' && Number.isInteger(dimensions) && dimensions > 0 && dimensions < native
      ? unitLength(vector.slice(0, dimensions))
      : vector;
  };

  const embed = http.post(
    `${base}/api/embed`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const keepAlive = readKeepAlive(body);
      if (keepAlive instanceof Response) return keepAlive;
      const missing = missingModel(body.model);
      if (missing) return missing;
      const model = String(body.model);
      // An empty string embeds nothing (a request that only loads the model), as the server reads it.
      const input = body.input === '' ? [] : typeof body.input === 'string' ? [body.input] : body.input;
      if (!Array.isArray(input) || !input.every((text) => typeof text === 'string')) {
        return errorResponse(400, 'invalid input type');
      }
      load(model, keepAlive, contextLength(body));
      if (input.length === 0) return HttpResponse.json({ model, embeddings: [] });
      const tokens = input.reduce((sum, text) => sum + estimateTokens(text), 0);
      return HttpResponse.json({
        model,
        embeddings: input.map((text) => embedding(model, text, body.dimensions)),
        total_duration: 1_000_000 + tokens * 100_000,
        load_duration: 1_000_000,
        prompt_eval_count: tokens,
      });
    }),
  );

  // The older single-text endpoint; `ollama.embeddings()` still calls it. An empty prompt only loads.
  const embeddings = http.post(
    `${base}/api/embeddings`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const keepAlive = readKeepAlive(body);
      if (keepAlive instanceof Response) return keepAlive;
      const missing = missingModel(body.model);
      if (missing) return missing;
      const model = String(body.model);
      load(model, keepAlive, contextLength(body));
      const prompt = typeof body.prompt === 'string' ? body.prompt : '';
      return HttpResponse.json({ embedding: prompt === '' ? [] : embedding(model, prompt, undefined) });
    }),
  );

  const tags = http.get(
    `${base}/api/tags`,
    emulate(controls, { errorBody: ollamaErrorBody }, () => HttpResponse.json({ models: pulled.map(modelEntry) })),
  );

  const ps = http.get(
    `${base}/api/ps`,
    emulate(controls, { errorBody: ollamaErrorBody }, () => {
      const now = Date.now();
      loaded = loaded.filter((m) => m.expiresAt === undefined || Date.parse(m.expiresAt) > now);
      return HttpResponse.json({
        models: loaded.map((m) => {
          const size = findPulled(m.name)?.size ?? 1_000_000_000;
          return {
            ...modelEntry({ name: m.name, size, ...(m.digest ? { digest: m.digest } : {}) }),
            expires_at: m.expiresAt ?? SET_BY_TEST_EXPIRY,
            size_vram: size,
            context_length: m.contextLength ?? DEFAULT_CONTEXT_LENGTH,
          };
        }),
      });
    }),
  );

  const versionHandler = http.get(
    `${base}/api/version`,
    emulate(controls, { errorBody: ollamaErrorBody }, () => HttpResponse.json({ version })),
  );

  const show = http.post(
    `${base}/api/show`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const name = typeof body.model === 'string' ? body.model : String(body.name ?? '');
      const model = findPulled(name);
      if (!model) return errorResponse(404, `model '${name}' not found`);
      return HttpResponse.json({
        modelfile: `FROM ${normalizeModelName(model.name)}\n`,
        parameters: '',
        template: '{{ .Prompt }}',
        details: details(model.name),
        model_info: {},
        capabilities: capabilitiesOf(model),
        modified_at: '2025-01-01T00:00:00Z',
      });
    }),
  );

  const pull = http.post(
    `${base}/api/pull`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const name = typeof body.model === 'string' ? body.model : String(body.name ?? '');
      if (!name) return errorResponse(400, 'model is required');
      if (!findPulled(name)) pulled.push({ name: normalizeModelName(name) });
      if (body.stream === false) return HttpResponse.json({ status: 'success' });
      const statuses = ['pulling manifest', 'verifying sha256 digest', 'writing manifest', 'success'];
      return streamResponse(
        statuses.map((status) => `${JSON.stringify({ status })}\n`),
        { contentType: 'application/x-ndjson' },
      );
    }),
  );

  const emulator: OllamaEmulator = {
    baseURL: base,
    requests: controls.requests,
    fail: controls.fail,
    setLatency: controls.setLatency,
    reset: controls.reset,
    script: (...steps) => script.push(...steps),
    get chatRequests() {
      const path = new URL(`${base}/api/chat`).pathname;
      return controls.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => asObject(r.body));
    },
    get pulled() {
      return pulled;
    },
    set pulled(next) {
      pulled = next;
    },
    get loaded() {
      return loaded;
    },
    set loaded(next) {
      loaded = next;
    },
    get maxLoadedModels() {
      return maxLoadedModels;
    },
    set maxLoadedModels(next: number) {
      if (!Number.isInteger(next) || next < 0) {
        throw new Error(`maxLoadedModels must be a non-negative integer, got ${next}`);
      }
      maxLoadedModels = next;
    },
    get version() {
      return version;
    },
    set version(next) {
      version = next;
    },
  };
  return { emulator, handlers: [chat, embed, embeddings, tags, ps, versionHandler, show, pull] };
}
