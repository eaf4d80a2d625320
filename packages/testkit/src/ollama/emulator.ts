/**
 * The emulated Ollama API: `/api/chat` (NDJSON stream by default, JSON with `stream: false`),
 * `/api/embed` (and the older `/api/embeddings`), `/api/tags`, `/api/ps`, `/api/version`,
 * `/api/show`, `/api/pull`.
 */
import { createHash } from 'node:crypto';
import { hashEmbedding } from '@workshop/llm';
import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type ControlsOptions,
  createControls,
  createScriptQueue,
  emulate,
  estimateTokens,
  faultResponse,
  sleep,
  streamResponse,
} from '../core.ts';
import { nextAnswer, resolveReply } from '../reply.ts';
import type { OllamaEmulator, ScriptStep } from '../types.ts';
import { renderChat, renderChatLines } from './chat.ts';

/** Ollama's default host, as the `ollama` client calls it. */
export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** Models pulled after each reset. */
export const DEFAULT_PULLED_MODELS: OllamaEmulator['pulled'] = [
  { name: 'llama3.2:latest', size: 2_019_393_189 },
  { name: 'nomic-embed-text:latest', size: 274_302_450 },
];

/** Version `/api/version` reports after each reset. */
export const DEFAULT_OLLAMA_VERSION = '0.12.6';

/** Native dimensions of common Ollama embedding models; others default to 768. */
export const OLLAMA_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'bge-m3': 1024,
};

/** Ollama's error body: `{ error: message }`. */
export function ollamaErrorBody(_status: number, message: string) {
  return { error: message };
}

/** `llama3.2` and `llama3.2:latest` name the same model. */
export function normalizeModelName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function digestOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function family(name: string): string {
  return (name.split(':')[0] ?? name).replace(/[\d.]+$/, '') || name;
}

function details(name: string) {
  return {
    parent_model: '',
    format: 'gguf',
    family: family(name),
    families: [family(name)],
    parameter_size: 'unknown',
    quantization_level: 'Q4_K_M',
  };
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function errorResponse(status: number, message: string): Response {
  return HttpResponse.json(ollamaErrorBody(status, message), { status });
}

/** Creates an Ollama emulator at `host` (default `http://127.0.0.1:11434`) and its msw handlers. */
export function createOllamaEmulator(
  host: string = DEFAULT_OLLAMA_HOST,
  options: ControlsOptions = {},
): { emulator: OllamaEmulator; handlers: HttpHandler[] } {
  const controls = createControls(host, options);
  const base = controls.baseURL;
  const script = createScriptQueue<ScriptStep>();
  let pulled: OllamaEmulator['pulled'] = DEFAULT_PULLED_MODELS.map((m) => ({ ...m }));
  let loaded: OllamaEmulator['loaded'] = [];
  let version = DEFAULT_OLLAMA_VERSION;
  let sequence = 0;
  controls.onReset(() => {
    script.clear();
    pulled = DEFAULT_PULLED_MODELS.map((m) => ({ ...m }));
    loaded = [];
    version = DEFAULT_OLLAMA_VERSION;
  });

  const findPulled = (model: string) => pulled.find((m) => normalizeModelName(m.name) === normalizeModelName(model));

  /** 400 without a model, 404 (Ollama's message) when it is not pulled. */
  const missingModel = (model: unknown): Response | undefined => {
    if (typeof model !== 'string' || model === '') return errorResponse(400, 'model is required');
    if (!findPulled(model)) return errorResponse(404, `model "${model}" not found, try pulling it first`);
    return undefined;
  };

  const modelEntry = (m: OllamaEmulator['pulled'][number]) => ({
    name: normalizeModelName(m.name),
    model: normalizeModelName(m.name),
    modified_at: '2025-01-01T00:00:00Z',
    size: m.size ?? 1_000_000_000,
    digest: m.digest ?? digestOf(m.name),
    details: details(m.name),
  });

  const streamedByDefault = (body: Record<string, unknown>) => body.stream !== false;

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
        const missing = missingModel(body.model);
        if (missing) return missing;
        const streamed = streamedByDefault(body);
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
        const model = String(body.model);
        const createdAt = new Date().toISOString();
        if (streamed) {
          return streamResponse(renderChatLines(reply, model, createdAt), {
            contentType: 'application/x-ndjson',
            cutAfterChunks: answer.cutAfterChunks,
            firstChunkDelayMs: answer.reply.delayMs ?? 0,
            signal: request.signal,
          });
        }
        await sleep(answer.reply.delayMs ?? 0, request.signal);
        return HttpResponse.json(renderChat(reply, model, createdAt));
      },
    ),
  );

  const dimensionsFor = (model: string, requested: unknown) =>
    typeof requested === 'number' && Number.isInteger(requested) && requested > 0
      ? requested
      : (OLLAMA_EMBEDDING_DIMENSIONS[model.split(':')[0] ?? model] ?? 768);

  const embed = http.post(
    `${base}/api/embed`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const missing = missingModel(body.model);
      if (missing) return missing;
      const input = typeof body.input === 'string' ? [body.input] : body.input;
      if (!Array.isArray(input) || !input.every((text) => typeof text === 'string')) {
        return errorResponse(400, 'invalid input type: input must be a string or an array of strings');
      }
      const dimensions = dimensionsFor(String(body.model), body.dimensions);
      const tokens = input.reduce((sum, text) => sum + estimateTokens(text), 0);
      return HttpResponse.json({
        model: String(body.model),
        embeddings: input.map((text) => hashEmbedding(text, dimensions)),
        total_duration: 1_000_000 + tokens * 100_000,
        load_duration: 1_000_000,
        prompt_eval_count: tokens,
      });
    }),
  );

  // The older single-text endpoint; `ollama.embeddings()` still calls it.
  const embeddings = http.post(
    `${base}/api/embeddings`,
    emulate(controls, { errorBody: ollamaErrorBody }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const missing = missingModel(body.model);
      if (missing) return missing;
      const prompt = typeof body.prompt === 'string' ? body.prompt : '';
      return HttpResponse.json({ embedding: hashEmbedding(prompt, dimensionsFor(String(body.model), undefined)) });
    }),
  );

  const tags = http.get(
    `${base}/api/tags`,
    emulate(controls, { errorBody: ollamaErrorBody }, () => HttpResponse.json({ models: pulled.map(modelEntry) })),
  );

  const ps = http.get(
    `${base}/api/ps`,
    emulate(controls, { errorBody: ollamaErrorBody }, () =>
      HttpResponse.json({
        models: loaded.map((m) => {
          const size = findPulled(m.name)?.size ?? 1_000_000_000;
          return {
            ...modelEntry({ name: m.name, size, ...(m.digest ? { digest: m.digest } : {}) }),
            expires_at: m.expiresAt ?? '2099-01-01T00:00:00Z',
            size_vram: size,
          };
        }),
      }),
    ),
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
      const isEmbedding = family(model.name).includes('embed') || family(model.name).includes('minilm');
      return HttpResponse.json({
        modelfile: `FROM ${normalizeModelName(model.name)}\n`,
        parameters: '',
        template: '{{ .Prompt }}',
        details: details(model.name),
        model_info: {},
        capabilities: isEmbedding ? ['embedding'] : ['completion', 'tools'],
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
    get version() {
      return version;
    },
    set version(next) {
      version = next;
    },
  };
  return { emulator, handlers: [chat, embed, embeddings, tags, ps, versionHandler, show, pull] };
}
