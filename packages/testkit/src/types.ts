/**
 * The public surface of the testkit: emulated providers at the HTTP boundary.
 * The real clients (`openai`, `ollama`, `@qdrant/js-client-rest`) talk to these
 * handlers through msw; nothing in the code under test is replaced.
 */
import type { OpenAIAuth } from './openai/auth.ts';

/** A failure to inject instead of a normal answer. */
export type Fault =
  /** 429 with a `Retry-After` header (seconds). */
  | { fault: 'rate_limit'; retryAfterSeconds?: number }
  /** A 5xx answer (default 500) with an error body in the provider's format. */
  | { fault: 'server_error'; status?: number }
  /** Never answers: the request hangs until the client aborts it (client timeout). */
  | { fault: 'timeout' }
  /** 200 with a body that is not valid JSON. */
  | { fault: 'malformed_json' }
  /** A streamed answer that stops after `afterChunks` chunks without finishing. */
  | { fault: 'stream_cut'; afterChunks?: number }
  /** The connection fails (network error), as if the host were unreachable. */
  | { fault: 'network_error' };

/** One scripted chat answer. Exactly what the emulated model will say next. */
export interface ScriptedReply {
  /** Assistant text. */
  content?: string;
  /** Tool calls; `arguments` may be an object (serialised for you) or a raw string (sent as is). */
  toolCalls?: { name: string; arguments: unknown; id?: string }[];
  /**
   * Token usage to report; estimated from the text when omitted. `cachedInputTokens` overrides the
   * OpenAI emulator's prompt cache (`usage.prompt_tokens_details.cached_tokens`).
   */
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens?: number };
  /** Added latency before the answer (and before the first chunk when streamed), in ms. */
  delayMs?: number;
  /** Finish reason to report; derived when omitted (`tool_calls` when there are tool calls). */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /**
   * Model id the answer reports having used; default the requested one. Another id stands for a
   * provider serving something else than asked: a deployment the vendor auto-upgraded, an alias
   * that moved to a new snapshot.
   */
  model?: string;
}

/** A reply in a script: a normal answer or a fault. */
export type ScriptStep = ScriptedReply | Fault;

/** A chat request as a responder sees it: the messages as text, and the whole body. */
export interface ChatRequestView {
  /** Every message with its content as text (the text parts of an array joined by newlines). */
  messages: { role: string; content: string }[];
  /** The parsed request body. */
  body: Record<string, unknown>;
}

/**
 * Answers a chat request from what it asks: an emulated model whose answer depends on the
 * request (a judge that grades what it reads, a candidate that answers per case).
 */
export type ChatResponder = (request: ChatRequestView) => ScriptStep;

/** One timed piece of a scripted transcript (seconds from the start of the uploaded file). */
export interface ScriptedTranscriptSegment {
  /** Start time in seconds. */
  start: number;
  /** End time in seconds. */
  end: number;
  /** Text spoken in this segment. */
  text: string;
}

/** One scripted answer of the transcription endpoint: what the emulated speech-to-text model "heard". */
export interface ScriptedTranscription {
  /** The transcript text. */
  text: string;
  /**
   * Timed segments, returned by `verbose_json`. Default: one segment spanning the whole
   * file with `text`.
   */
  segments?: ScriptedTranscriptSegment[];
  /**
   * Timed words, returned by `verbose_json` when `timestamp_granularities` includes `word`.
   * Default: the words of `text` spread evenly over the duration.
   */
  words?: { word: string; start: number; end: number }[];
  /**
   * Duration of the audio in seconds, reported as `duration` and in `usage`. Default: read from
   * the upload's WAV header when it is a WAV file, else the last segment's end, else 0.
   */
  durationSeconds?: number;
  /** Language reported by `verbose_json`. Default `english`. */
  language?: string;
  /** Added latency before the answer, in ms. */
  delayMs?: number;
}

/** A step in a transcription script: an answer or a fault. */
export type TranscriptionScriptStep = ScriptedTranscription | Fault;

/** A transcription request as the emulator parsed its multipart form, for assertions. */
export interface RecordedTranscription {
  /** The `model` field. */
  model: string | undefined;
  /** The `response_format` field (the API's default is `json`). */
  responseFormat: string | undefined;
  /** The `timestamp_granularities[]` fields, in order; empty when none were sent. */
  timestampGranularities: string[];
  /** The `language` field, if sent. */
  language: string | undefined;
  /** The `prompt` field, if sent. */
  prompt: string | undefined;
  /** The uploaded file, byte for byte; undefined when the form had none. */
  file: { name: string; type: string; size: number; bytes: Uint8Array } | undefined;
  /** Every text field of the form, by name (repeated fields keep the last value). */
  fields: Record<string, string>;
}

/** A request the emulator received, for assertions. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** Path without host, e.g. `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
}

/** Shared controls of every emulated provider. */
export interface EmulatorControls {
  /** Base URL to configure the real client with. */
  readonly baseURL: string;
  /** Every request this emulator received, in order. */
  readonly requests: RecordedRequest[];
  /** Fail the next `times` requests (default 1) of any endpoint with this fault. */
  fail(fault: Fault, times?: number): void;
  /** Add latency to every answer from now on (ms). */
  setLatency(ms: number): void;
  /** Forget scripts, faults, latency and recorded requests (done after each test). */
  reset(): void;
}

/** The emulated OpenAI API (or any OpenAI-compatible server: vLLM, LM Studio, Ollama's /v1). */
export interface OpenAIEmulator extends EmulatorControls {
  /**
   * Queue chat completion answers, consumed in order by `/chat/completions` (streamed or not).
   * When the queue is empty the emulator answers with a default reply that echoes the last
   * user message, so tests that do not care about content need no script.
   */
  script(...steps: ScriptStep[]): void;
  /**
   * Answers chat requests the script has no step for with `responder(request)` instead of the
   * echo, until the end of the test (`respond(undefined)` restores the echo sooner). Scripted
   * steps and `fail()` still come first.
   */
  respond(responder: ChatResponder | undefined): void;
  /** Chat completion request bodies received, in order. */
  readonly chatRequests: Record<string, unknown>[];
  /** Embedding request bodies received, in order. Embeddings are deterministic per input text. */
  readonly embeddingRequests: Record<string, unknown>[];
  /**
   * Queue `/audio/transcriptions` answers, consumed in order (a separate queue from `script`).
   * When the queue is empty the emulator answers `testkit transcript of <file name>`, timed
   * over the upload's duration, so tests that do not care about content need no script.
   */
  scriptTranscription(...steps: TranscriptionScriptStep[]): void;
  /** Transcription requests received (multipart forms, parsed), in order, including faulted ones. */
  readonly transcriptionRequests: RecordedTranscription[];
  /**
   * Models `/audio/transcriptions` accepts (others get 404 `model_not_found`). Default:
   * `DEFAULT_TRANSCRIPTION_MODELS` on OpenAI; empty (any model) on `openaiCompatible()`
   * endpoints. Restored to the default after each test.
   */
  transcriptionModels: string[];
  /**
   * Model ids listed by `/models` (and accepted by the other endpoints; others get 404
   * `model_not_found`). An empty list accepts any model: the default for `openaiCompatible()`
   * endpoints, whose model names vary. Restored to the default after each test.
   */
  models: string[];
  /**
   * Model ids the emulator treats as retired snapshots: chat and embedding requests for them get
   * OpenAI's answer for a deprecated model (404 `model_not_found`, "The model `…` has been
   * deprecated, learn more here: https://platform.openai.com/docs/deprecations"), whatever
   * `models` says. Empty by default; restored after each test.
   */
  retiredModels: string[];
  /**
   * Who may call. `'any-key'` (the default on OpenAI): a request without `Authorization: Bearer …`
   * gets 401, as on api.openai.com. `{ keys: [...] }`: other keys get 401 `invalid_api_key` too.
   * `'open'` (the default on `openaiCompatible()` endpoints): no key needed. Restored after each test.
   */
  auth: OpenAIAuth;
}

/** The emulated Ollama API: `/api/chat`, `/api/embed`, `/api/tags`, `/api/version`, `/api/ps`. */
export interface OllamaEmulator extends EmulatorControls {
  /** Queue `/api/chat` answers, as for OpenAI. */
  script(...steps: ScriptStep[]): void;
  /**
   * Models that are pulled (`/api/tags`); chat with another model answers 404 like Ollama.
   * `capabilities` defaults from the name (`embedding` for embedding models such as
   * nomic-embed-text, else `completion` and `tools`); chat with a model without `completion` gets 400.
   */
  pulled: { name: string; digest?: string; size?: number; capabilities?: string[] }[];
  /**
   * Models loaded in memory (`/api/ps`). Chat and embed requests load their model for `keep_alive`
   * (default 5m; 0 unloads, negative keeps it for ever), as the server does; tests may also set it.
   */
  loaded: { name: string; digest?: string; expiresAt?: string; contextLength?: number }[];
  /**
   * How many models stay loaded at once (OLLAMA_MAX_LOADED_MODELS): loading one more unloads the
   * least recently used. 0 models a server with no memory to keep any: each model unloads right
   * after its request. Default 3; restored after each test.
   */
  maxLoadedModels: number;
  /** Version reported by `/api/version`. */
  version: string;
  /** Chat request bodies received, in order. */
  readonly chatRequests: Record<string, unknown>[];
}

/** The emulated Qdrant REST API (v1.19): collections, points upsert/retrieve/delete/count/scroll, query, payload indexes. */
export interface QdrantEmulator extends EmulatorControls {
  /** Collection names currently present (read-only view for assertions). */
  collectionNames(): string[];
  /**
   * The server's API key. Undefined (the default, as a server started without one): no key needed.
   * Set: requests without `api-key: <key>` or `Authorization: Bearer <key>` get 401 (the health
   * endpoints stay open). Restored after each test.
   */
  apiKey: string | undefined;
}

/** Everything a test needs at the network boundary. */
export interface MockNetwork {
  /** OpenAI at `https://api.openai.com/v1` (the client's default base URL). */
  readonly openai: OpenAIEmulator;
  /** Ollama at `http://127.0.0.1:11434` (the client's default host). */
  readonly ollama: OllamaEmulator;
  /** Qdrant at `http://127.0.0.1:6333`. */
  readonly qdrant: QdrantEmulator;
  /** Another OpenAI-compatible endpoint at `baseURL` (e.g. `http://vllm.test/v1`). */
  openaiCompatible(baseURL: string): OpenAIEmulator;
  /** Every request seen by any emulator, in order. */
  readonly requests: RecordedRequest[];
}
