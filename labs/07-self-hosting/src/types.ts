/**
 * Shared types of the self-hosting lab. Given code: the same in the starter and the solution.
 * Read this file first; every TODO returns one of these shapes.
 */
import type { ChatModel, ChatRequest, ChatResponse } from '@workshop/llm';
import type { PiiFinding } from '@workshop/pii';

// ─── The catalogue: model and GPU specs (fixtures/models.json, fixtures/gpus.json) ─────────

/** An open-weights model, as its `config.json` describes it. */
export interface ModelSpec {
  /** Id used in scenarios, e.g. `llama-3.1-8b`. */
  id: string;
  /** Display name, e.g. `Llama 3.1 8B Instruct`. */
  name: string;
  /** Parameters, in billions (the model card's figure). */
  parametersBillion: number;
  /** Transformer layers (`num_hidden_layers`). */
  layers: number;
  /** Key/value heads (`num_key_value_heads`; fewer than the query heads with grouped-query attention). */
  kvHeads: number;
  /** Dimension of one attention head (`head_dim`, or hidden size / attention heads). */
  headDim: number;
  /** Hidden size (`hidden_size`). */
  hiddenSize: number;
  /** Vocabulary size (`vocab_size`). */
  vocabSize: number;
  /** Longest context the model serves, in tokens (`max_position_embeddings`). */
  contextLength: number;
  /** Where the figures come from. */
  source: string;
}

/** A data-centre GPU, as its datasheet describes it. */
export interface GpuSpec {
  /** Id used in scenarios, e.g. `L4`. */
  id: string;
  /** Display name. */
  name: string;
  /** Memory on the datasheet, decimal GB (10^9 bytes). A running server can use less. */
  memoryGB: number;
  /** Memory bandwidth on the datasheet, GB/s. Decoding one token reads every weight once. */
  bandwidthGBps: number;
  /** `GDDR6`, `HBM2e`… */
  memoryType: string;
  /** Where the figures come from. */
  source: string;
}

/** The model and GPU tables, by id. */
export interface Catalogue {
  /** When the figures were taken: they change. */
  asOf: string;
  models: Record<string, ModelSpec>;
  gpus: Record<string, GpuSpec>;
}

// ─── DoD-1: capacity plan ───────────────────────────────────────────────────────────────

/** GGUF weight formats Ollama serves: 4-, 5- and 8-bit quantisations, and 16-bit floats. */
export type Quantisation = 'Q4_K_M' | 'Q5_K_M' | 'Q8_0' | 'F16';

/** A model at a quantisation that the team's evaluation accepted for the use case. */
export interface Candidate {
  /** A model id of the catalogue. */
  model: string;
  /** Weight format. */
  quant: Quantisation;
}

/** A server you can rent: `count` GPUs of one kind (the model is split across them). */
export interface GpuOffer {
  /** A GPU id of the catalogue. */
  gpu: string;
  /** GPUs in the server (1, 2, 4 or 8). */
  count: number;
  /** Price of the whole server, USD per hour. */
  usdPerHour: number;
}

/** What one server must sustain. */
export interface CapacityWorkload {
  /** Context per sequence, in tokens (Ollama's `num_ctx`: prompt plus answer). */
  contextTokens: number;
  /** Sequences served at once (Ollama's `OLLAMA_NUM_PARALLEL`): each holds its own context. */
  concurrentSequences: number;
  /** Generation speed each sequence needs when all of them are busy with a full context, tokens/s. */
  minTokensPerSecond: number;
}

/** A capacity question: which offer and which candidate, if any. */
export interface CapacityScenario {
  /** Unique id, e.g. `cap-d01`. */
  id: string;
  /** The use case, in words. */
  use: string;
  /** What one server must sustain. */
  workload: CapacityWorkload;
  /** Acceptable model/quantisation pairs, best quality first. */
  candidates: Candidate[];
  /** Servers on offer, in no particular order. */
  offers: GpuOffer[];
}

/** Your own estimate for the plan you chose (shown by the dev report beside what was measured). */
export interface CapacityEstimate {
  /** Memory you expect one GPU of the server to need, GiB (2^30 bytes). */
  memoryGiBPerGpu: number;
  /** Generation speed you expect per sequence, tokens/s. */
  tokensPerSecond: number;
}

/** The answer: an offer and a candidate, or a refusal that says why nothing fits. */
export type CapacityPlan =
  | { kind: 'plan'; offer: GpuOffer; candidate: Candidate; estimate: CapacityEstimate }
  | { kind: 'refuse'; reason: string };

// ─── DoD-2: serving plan (latency under concurrency) ────────────────────────────────────────

/** The traffic one service receives. */
export interface TrafficProfile {
  /** Mean arrival rate, requests per second (arrivals are random: a Poisson process). */
  arrivalsPerSecond: number;
  /** Mean prompt length, tokens (lengths vary around it). */
  inputTokens: number;
  /** Mean answer length, tokens (lengths vary around it, with a long tail). */
  outputTokens: number;
}

/** How one replica (one server with one loaded model) performs, as measured on it. */
export interface ServerProfile {
  /** Prompt processing (prefill) speed of one request, tokens/s. */
  prefillTokensPerSecond: number;
  /**
   * Time of one decoding step, ms: every busy sequence gets one token per step, and a step takes
   * `base + perSequence × busy sequences`. Fitted from measurements at 1 to 8 parallel requests.
   */
  stepMs: { base: number; perSequence: number };
}

/** One replica: a server, the model loaded on it, and the context each of its slots holds. */
export interface ReplicaSpec {
  /** The server (its price is the price of one replica). */
  offer: GpuOffer;
  /** The model on it. */
  candidate: Candidate;
  /** Context per slot, tokens (`num_ctx`): every slot holds this much KV cache. */
  contextTokens: number;
}

/** A serving question: how many slots and how many replicas, if any. */
export interface ServingScenario {
  /** Unique id, e.g. `srv-d01`. */
  id: string;
  /** The use case, in words. */
  use: string;
  traffic: TrafficProfile;
  replica: ReplicaSpec;
  server: ServerProfile;
  /** The latency target: 95 % of requests complete (full answer) within this many seconds. */
  sloP95Seconds: number;
  /**
   * Most slots per replica the team will run (16 in every scenario), whatever the memory allows:
   * `stepMs` was fitted at 1 to 8 parallel requests and is trusted up to twice that, no further.
   * A plan with more slots is out of range.
   */
  maxSlots: number;
  /** Most replicas the budget allows. */
  maxReplicas: number;
}

/** Ollama settings of a fleet: `OLLAMA_NUM_PARALLEL` on each of `replicas` identical servers. */
export interface ServingSettings {
  /** Requests one replica decodes at once (`OLLAMA_NUM_PARALLEL`, 1 to `maxSlots`); the rest wait in its queue. */
  numParallel: number;
  /** Identical replicas behind a load balancer that sends each request to the least busy one. */
  replicas: number;
}

/** The answer: settings for the fleet, or a refusal that says why no fleet meets the target. */
export type ServingPlan =
  | ({ kind: 'plan'; expectedP95Seconds: number } & ServingSettings)
  | { kind: 'refuse'; reason: string };

/** Options of `simulateServing`. */
export interface SimulationOptions {
  /** Requests to simulate. Default 2,000. More gives a steadier p95 and takes longer. */
  requests?: number;
  /** Seed of the random arrivals and lengths: the same seed gives the same traffic. Default 1. */
  seed?: number;
  /** Requests a replica queues before it answers 503 (`OLLAMA_MAX_QUEUE`). Default 512. */
  maxQueue?: number;
}

/** What the simulated fleet did with the traffic. */
export interface SimulationResult {
  /** Requests sent. */
  requests: number;
  /** Requests refused with 503 because a queue was full (they count as never answered). */
  rejected: number;
  /** Latency percentiles of full answers, seconds (arrival to last token; queueing included). */
  p50Seconds: number;
  p95Seconds: number;
  p99Seconds: number;
  /** Mean time spent in a queue before a slot was free, seconds. */
  meanWaitSeconds: number;
  /** Share of replica time with at least one request being served. */
  busyShare: number;
}

// ─── DoD-3: routing by data sensitivity across self-hosted backends ─────────────────────────

/**
 * A personal-data finding in a text: its `type` (EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN or
 * IP_ADDRESS) and its `start`/`end` offsets. The shared detector's type (see `pii.ts`).
 */
export type { PiiFinding };

/** A PII detector: any function that returns the findings of a text (`findPII` from `@workshop/pii` fits). */
export type PiiDetector = (text: string) => readonly Pick<PiiFinding, 'type'>[];

/** A chat request plus the caller's data-classification tags. */
export interface RoutedRequest extends ChatRequest {
  /** Classification tags set by the caller, e.g. `['confidential']`, `['public', 'marketing']`. */
  tags?: string[];
}

/** Where a request may go. */
export interface SensitivityDecision {
  /** `confidential`: self-hosted models only. `public`: may use a hosted model. */
  level: 'confidential' | 'public';
  /**
   * Why, without the data itself: `tag:<tag>` for a confidential tag, `pii:<TYPE>` for each
   * PII type found. Each reason once, tags first. Empty for `public`.
   */
  reasons: string[];
}

/** Options of `classifySensitivity`. */
export interface SensitivityOptions {
  /** Tags that make a request confidential (compared case-insensitively). Default `['confidential']`. */
  confidentialTags?: string[];
  /** PII detector. Default: `findPII` from `pii.ts`. */
  detectPII?: PiiDetector;
}

/** Options of `createSensitivityRouter`. */
export interface RouterOptions extends SensitivityOptions {
  /**
   * Models on your own hardware, in order of preference: an `OllamaChatModel`, an
   * `OpenAIChatModel` whose base URL is your vLLM server (see `backends.ts`)… The only models
   * that may see confidential data.
   */
  selfHosted: ChatModel[];
  /** A model of a hosted provider (e.g. OpenAI): public requests may go there. */
  hosted: ChatModel;
}

/** A routed answer, with the route it took and why. */
export interface RoutedResponse {
  /** The model's answer. */
  response: ChatResponse;
  /** Which kind of model answered. */
  route: 'self-hosted' | 'hosted';
  /** True when the first self-hosted model did not answer and another model did. */
  fellBack: boolean;
  /** The classification that decided where the request may go. */
  sensitivity: SensitivityDecision;
}

/** The router: one entry point for every chat call of the application. */
export interface SensitivityRouter {
  /** Classify, route, and answer. */
  generate(request: RoutedRequest): Promise<RoutedResponse>;
}

// ─── Readiness (given): is an Ollama server ready to take traffic? ─────────────────────────

/** What `checkReadiness` verifies, in order. */
export type ReadinessCheckId = 'server' | 'pulled' | 'warm-up' | 'loaded';

/** One verified fact about the server, with the fix when it does not hold. */
export interface ReadinessCheck {
  /** Which step this is. */
  id: ReadinessCheckId;
  /** What was checked: the host for `server`, the model name as required for the others. */
  subject: string;
  /** Whether it holds. */
  ok: boolean;
  /** What was observed, one line (a version, a load time, the error). */
  detail: string;
  /** Set exactly when `ok` is false: the command or change that fixes it, e.g. "run `ollama pull llama3.2`". */
  fix?: string;
}

/** The answer to "can this server take traffic now?". */
export interface ReadinessReport {
  /** True when every check passed. */
  ready: boolean;
  /** The server URL that was checked. */
  host: string;
  /** Version from `/api/version`, when the server answered. */
  version?: string;
  /** Every check run, in order. */
  checks: ReadinessCheck[];
}

/** Options of `checkReadiness`. */
export interface ReadinessOptions {
  /** Server URL; default `http://127.0.0.1:11434` (a bare `host:port` gets `http://`). */
  host?: string;
  /** Models the application needs, as it names them (`llama3.2` and `llama3.2:latest` are the same). */
  models: string[];
  /** `keep_alive` sent with the warm-up call: how long the model stays loaded. Default `'30m'`. */
  keepAlive?: string | number;
  /** Send the warm-up call (default true). Without it, a model not in `/api/ps` fails `loaded`. */
  warmUp?: boolean;
  /** Timeout of each metadata call (`/api/version`, `/api/tags`, `/api/ps`), ms. Default 5 000. */
  timeoutMs?: number;
  /** Timeout of each warm-up call, ms. Default 120 000: loading weights from disk is slow. */
  warmUpTimeoutMs?: number;
  /** Milliseconds clock for the warm-up time in `detail`. Default `performance.now`. */
  clock?: () => number;
}
