/**
 * The public surface of the testkit: emulated providers at the HTTP boundary.
 * The real clients (`openai`, `ollama`, `@qdrant/js-client-rest`) talk to these
 * handlers through msw; nothing in the code under test is replaced.
 */

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
  /** Token usage to report; estimated from the text when omitted. */
  usage?: { inputTokens: number; outputTokens: number };
  /** Added latency before the answer (and before the first chunk when streamed), in ms. */
  delayMs?: number;
  /** Finish reason to report; derived when omitted (`tool_calls` when there are tool calls). */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
}

/** A reply in a script: a normal answer or a fault. */
export type ScriptStep = ScriptedReply | Fault;

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
  /** Chat completion request bodies received, in order. */
  readonly chatRequests: Record<string, unknown>[];
  /** Embedding request bodies received, in order. Embeddings are deterministic per input text. */
  readonly embeddingRequests: Record<string, unknown>[];
  /**
   * Model ids listed by `/models` (and accepted by the other endpoints; others get 404
   * `model_not_found`). An empty list accepts any model: the default for `openaiCompatible()`
   * endpoints, whose model names vary. Restored to the default after each test.
   */
  models: string[];
}

/** The emulated Ollama API: `/api/chat`, `/api/embed`, `/api/tags`, `/api/version`, `/api/ps`. */
export interface OllamaEmulator extends EmulatorControls {
  /** Queue `/api/chat` answers, as for OpenAI. */
  script(...steps: ScriptStep[]): void;
  /** Models that are pulled (`/api/tags`); chat with another model answers 404 like Ollama. */
  pulled: { name: string; digest?: string; size?: number }[];
  /** Models currently loaded in memory (`/api/ps`). */
  loaded: { name: string; digest?: string; expiresAt?: string }[];
  /** Version reported by `/api/version`. */
  version: string;
  /** Chat request bodies received, in order. */
  readonly chatRequests: Record<string, unknown>[];
}

/** The emulated Qdrant REST API: collections, points upsert/retrieve/delete, query/search, payload indexes. */
export interface QdrantEmulator extends EmulatorControls {
  /** Collection names currently present (read-only view for assertions). */
  collectionNames(): string[];
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
