/**
 * The emulated OpenAI API (also any OpenAI-compatible server at another base URL):
 * `POST /chat/completions` (plain and SSE), `POST /embeddings`, `POST /audio/transcriptions`, `GET /models`.
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type ControlsOptions,
  createControls,
  createScriptQueue,
  emulate,
  faultResponse,
  sleep,
  streamResponse,
} from '../core.ts';
import { contentText, nextAnswer, resolveReply } from '../reply.ts';
import type { ChatResponder, OpenAIEmulator, ScriptStep } from '../types.ts';
import { checkOpenAIAuth, type OpenAIAuth } from './auth.ts';
import { renderChunks, renderCompletion } from './chat.ts';
import { embeddingInputs, embeddingRequestError, renderEmbeddings } from './embeddings.ts';
import { createPromptCache } from './prompt-cache.ts';
import { createTranscriptionEndpoint, DEFAULT_TRANSCRIPTION_MODELS } from './transcriptions.ts';

/** Models `/models` lists on the default OpenAI emulator. */
export const DEFAULT_OPENAI_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-5-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
];

/** Options of `createOpenAIEmulator`. */
export interface OpenAIEmulatorOptions extends ControlsOptions {
  /**
   * Models listed and accepted after each reset. An empty list accepts any model
   * (the default for OpenAI-compatible servers, whose model names vary).
   */
  models?: string[];
  /**
   * Speech-to-text models accepted after each reset. Default: `DEFAULT_TRANSCRIPTION_MODELS`,
   * or any model when `models` is empty (an OpenAI-compatible server).
   */
  transcriptionModels?: string[];
  /**
   * Who may call, restored after each reset. Default: `'any-key'` (a Bearer key is required, as on
   * api.openai.com), or `'open'` when `models` is empty (an OpenAI-compatible server).
   */
  auth?: OpenAIAuth;
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(
  status: number,
  message: string,
  detail: { param?: string | null; code?: string | null } = {},
) {
  const [type, code] =
    status === 429
      ? ['requests', 'rate_limit_exceeded']
      : status === 401
        ? ['invalid_request_error', 'invalid_api_key']
        : status === 404
          ? ['invalid_request_error', 'model_not_found']
          : status >= 500
            ? ['server_error', null]
            : ['invalid_request_error', null];
  return {
    error: { message, type, param: detail.param ?? null, code: detail.code === undefined ? code : detail.code },
  };
}

function errorResponse(status: number, message: string, detail: { param?: string | null } = {}): Response {
  return HttpResponse.json(openAIErrorBody(status, message, detail), { status });
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Creates an OpenAI emulator at `baseURL` (e.g. `https://api.openai.com/v1`) and its msw handlers. */
export function createOpenAIEmulator(
  baseURL: string,
  options: OpenAIEmulatorOptions = {},
): { emulator: OpenAIEmulator; handlers: HttpHandler[] } {
  const controls = createControls(baseURL, options);
  const base = controls.baseURL;
  const defaultModels = options.models ?? DEFAULT_OPENAI_MODELS;
  const script = createScriptQueue<ScriptStep>();
  let models = [...defaultModels];
  let retiredModels: string[] = [];
  const defaultAuth: OpenAIAuth = options.auth ?? (defaultModels.length === 0 ? 'open' : 'any-key');
  let auth = defaultAuth;
  let sequence = 0;
  let responder: ChatResponder | undefined;
  const promptCache = createPromptCache();
  const guard = ({ request }: { request: Request }) => checkOpenAIAuth(auth, request);
  const transcriptions = createTranscriptionEndpoint({
    base,
    controls,
    errorBody: openAIErrorBody,
    guard,
    defaultModels: options.transcriptionModels ?? (defaultModels.length === 0 ? [] : DEFAULT_TRANSCRIPTION_MODELS),
  });
  controls.onReset(() => {
    script.clear();
    promptCache.clear();
    responder = undefined;
    models = [...defaultModels];
    retiredModels = [];
    auth = defaultAuth;
  });

  const bodiesAt = (path: string) =>
    controls.requests
      .filter((r) => r.method === 'POST' && r.path === new URL(base + path).pathname)
      .map((r) => asObject(r.body));

  const unknownModel = (model: unknown): Response | undefined => {
    if (typeof model !== 'string' || model === '') {
      return errorResponse(400, 'you must provide a model parameter');
    }
    if (retiredModels.includes(model)) {
      return errorResponse(
        404,
        `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
      );
    }
    if (models.length > 0 && !models.includes(model)) {
      return errorResponse(404, `The model \`${model}\` does not exist or you do not have access to it.`);
    }
    return undefined;
  };

  const isStreamed = (body: Record<string, unknown>) => body.stream === true;

  const chat = http.post(
    `${base}/chat/completions`,
    emulate(
      controls,
      {
        errorBody: openAIErrorBody,
        guard,
        streams: ({ recorded }) => (isStreamed(asObject(recorded.body)) ? 'sse' : undefined),
      },
      async ({ request, recorded }, streamCut) => {
        const body = asObject(recorded.body);
        const invalid = unknownModel(body.model);
        if (invalid) return invalid;
        if (!Array.isArray(body.messages) || body.messages.length === 0) {
          return errorResponse(400, "Missing required parameter: 'messages'.");
        }
        const streamed = isStreamed(body);
        const respond = responder;
        const fallback = respond
          ? () =>
              respond({
                body,
                messages: (body.messages as { role?: unknown; content?: unknown }[]).map((m) => ({
                  role: String(m?.role),
                  content: contentText(m?.content),
                })),
              })
          : undefined;
        const answer = nextAnswer(script, body.messages, streamed, streamCut, fallback);
        if (answer.kind === 'fault') {
          return faultResponse(answer.fault, {
            controls,
            request,
            errorBody: openAIErrorBody,
            framing: streamed ? 'sse' : undefined,
          });
        }
        const { reply: scripted, cutAfterChunks } = answer;

        sequence += 1;
        const reply = resolveReply(scripted, body.messages, `call_testkit_${sequence}`);
        const cachedTokens = promptCache.lookup(body, reply.usage.prompt_tokens);
        reply.usage.prompt_tokens_details = { cached_tokens: scripted.usage?.cachedInputTokens ?? cachedTokens };
        const meta = {
          id: `chatcmpl-testkit-${sequence}`,
          created: Math.floor(Date.now() / 1000),
          model: scripted.model ?? String(body.model),
        };
        if (streamed) {
          const includeUsage = asObject(body.stream_options).include_usage === true;
          return streamResponse(renderChunks(reply, meta, includeUsage), {
            contentType: 'text/event-stream',
            cutAfterChunks,
            firstChunkDelayMs: scripted.delayMs ?? 0,
            signal: request.signal,
          });
        }
        await sleep(scripted.delayMs ?? 0, request.signal);
        return HttpResponse.json(renderCompletion(reply, meta));
      },
    ),
  );

  const embeddings = http.post(
    `${base}/embeddings`,
    emulate(controls, { errorBody: openAIErrorBody, guard }, ({ recorded }) => {
      const body = asObject(recorded.body);
      const invalid = unknownModel(body.model);
      if (invalid) return invalid;
      const refused = embeddingRequestError(body);
      if (refused) return errorResponse(400, refused.message, { param: refused.param });
      const texts = embeddingInputs(body.input) ?? [];
      const encoding = body.encoding_format === 'base64' ? 'base64' : 'float';
      return HttpResponse.json(
        renderEmbeddings(texts, String(body.model), { dimensions: body.dimensions as number | undefined, encoding }),
      );
    }),
  );

  const modelObject = (id: string) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' });

  const listModels = http.get(
    `${base}/models`,
    emulate(controls, { errorBody: openAIErrorBody, guard }, () =>
      HttpResponse.json({ object: 'list', data: models.filter((id) => !retiredModels.includes(id)).map(modelObject) }),
    ),
  );

  const getModel = http.get(
    `${base}/models/:id`,
    emulate(controls, { errorBody: openAIErrorBody, guard }, ({ params }) => {
      const id = String(params.id);
      if (retiredModels.includes(id) || (models.length > 0 && !models.includes(id))) {
        return errorResponse(404, `The model '${id}' does not exist`);
      }
      return HttpResponse.json(modelObject(id));
    }),
  );

  const emulator: OpenAIEmulator = {
    baseURL: base,
    requests: controls.requests,
    fail: controls.fail,
    setLatency: controls.setLatency,
    reset: controls.reset,
    script: (...steps) => script.push(...steps),
    respond: (next) => {
      responder = next;
    },
    get chatRequests() {
      return bodiesAt('/chat/completions');
    },
    get embeddingRequests() {
      return bodiesAt('/embeddings');
    },
    scriptTranscription: (...steps) => transcriptions.script(...steps),
    get transcriptionRequests() {
      return transcriptions.requests;
    },
    get transcriptionModels() {
      return transcriptions.models;
    },
    set transcriptionModels(next: string[]) {
      transcriptions.models = next;
    },
    get models() {
      return models;
    },
    set models(next: string[]) {
      models = [...next];
    },
    get retiredModels() {
      return retiredModels;
    },
    set retiredModels(next: string[]) {
      retiredModels = [...next];
    },
    get auth() {
      return auth;
    },
    set auth(next: OpenAIAuth) {
      auth = next;
    },
  };
  return { emulator, handlers: [chat, embeddings, transcriptions.handler, listModels, getModel] };
}
