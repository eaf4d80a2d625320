/**
 * Shared types of the self-hosting lab. Given code: the same in the starter and the solution.
 * Read this file first; every TODO returns one of these shapes.
 */
import type { ChatModel, ChatRequest, ChatResponse, PriceTable } from '@workshop/llm';
import type { PiiFinding } from '@workshop/pii';

// ─── DoD-1: readiness ──────────────────────────────────────────────────────────────────

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

// ─── DoD-2 and DoD-3: sensitivity routing ──────────────────────────────────────────────

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
  /** `confidential`: self-hosted model only. `public`: may use a hosted model. */
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
  /** The self-hosted model (e.g. `OllamaChatModel`): the only one that may see confidential data. */
  selfHosted: ChatModel;
  /** The hosted model (e.g. `OpenAIChatModel`): public requests fall back to it. */
  hosted: ChatModel;
}

/** A routed answer, with the route it took and why. */
export interface RoutedResponse {
  /** The model's answer. */
  response: ChatResponse;
  /** Which model answered. */
  route: 'self-hosted' | 'hosted';
  /** True when the self-hosted model failed and a public request went to the hosted one. */
  fellBack: boolean;
  /** The classification that decided the route. */
  sensitivity: SensitivityDecision;
}

/** The router: one entry point for every chat call of the application. */
export interface SensitivityRouter {
  /** Classify, route, and answer (see the README for the rules). */
  generate(request: RoutedRequest): Promise<RoutedResponse>;
}

// ─── DoD-4: break-even ─────────────────────────────────────────────────────────────────

/** A typical request, in tokens. */
export interface RequestProfile {
  /** Prompt tokens per request (system, history, context). */
  inputTokens: number;
  /** Generated tokens per request. */
  outputTokens: number;
}

/** What a self-hosted GPU costs and does. */
export interface SelfHostedProfile {
  /** Price of one GPU server per hour, USD (cloud on-demand, or amortised hardware + power). */
  gpuUsdPerHour: number;
  /** Measured generation throughput of one server, all parallel slots together, tokens/s. */
  outputTokensPerSecond: number;
  /** Measured prompt-processing (prefill) throughput of one server, tokens/s. */
  inputTokensPerSecond: number;
  /**
   * Share of the paid hours the GPU spends serving at that throughput, in (0, 1]. Traffic is
   * not flat: 0.3–0.6 is typical for a service sized for its peak. Default 0.5.
   */
  utilisation?: number;
  /** Fixed monthly cost of running it at all (on-call, monitoring, storage), USD. Default 0. */
  fixedMonthlyUsd?: number;
}

/** Input of `breakEven`. */
export interface BreakEvenInput {
  /** The typical request. */
  request: RequestProfile;
  /** The self-hosted option. */
  selfHosted: SelfHostedProfile;
  /** The hosted option, priced from the price table. */
  hosted: { provider: string; model: string };
  /** Price table; default `DEFAULT_PRICES` from `@workshop/llm`. */
  prices?: PriceTable;
  /** Hours in a month the GPU is paid for. Default 730 (always on). */
  hoursPerMonth?: number;
}

/** The comparison. */
export interface BreakEvenResult {
  /** Hosted cost of 1,000 requests, USD (price table). */
  hostedUsdPer1kRequests: number;
  /** Self-hosted compute cost of 1,000 requests at the assumed utilisation, USD (fixed costs excluded). */
  selfHostedUsdPer1kRequests: number;
  /** GPU-seconds one request occupies: prefill plus generation at the measured throughputs. */
  gpuSecondsPerRequest: number;
  /** Requests one GPU serves in a month at the assumed utilisation. */
  requestsPerGpuMonth: number;
  /**
   * Smallest monthly volume at which a self-hosted fleet sized for it (whole GPUs, plus fixed
   * costs) costs no more than the hosted API; `'never'` when a GPU's request costs at least the
   * hosted price, so no volume pays off.
   */
  breakEvenRequestsPerMonth: number | 'never';
  /** GPUs that volume needs (0 with `'never'`). */
  gpusAtBreakEven: number;
}

// ─── DoD-5: latency ────────────────────────────────────────────────────────────────────

/** Options of `measureLatency`. */
export interface LatencyOptions {
  /** Prompts to send, one measured call each, in order. */
  prompts: string[];
  /** Calls sent first and left out of the statistics (cold start). Default 1. */
  warmupRuns?: number;
  /** Milliseconds clock, read once before and once after every call. Default `performance.now`. */
  clock?: () => number;
  /** `maxOutputTokens` of every call. */
  maxOutputTokens?: number;
}

/** Latency statistics of a model under a prompt set. */
export interface LatencyReport {
  /** Wall time of each measured call, ms, in call order. */
  samplesMs: number[];
  /** Wall time of each warm-up call, ms (the cold start is the first). */
  warmupMs: number[];
  /** Median (nearest rank). */
  p50Ms: number;
  /** 95th percentile (nearest rank). */
  p95Ms: number;
  /** Slowest measured call. */
  maxMs: number;
  /** Output tokens of the measured calls divided by their total wall time, tokens/s. */
  outputTokensPerSecond: number;
}

// ─── DoD-6: ops readiness as code ──────────────────────────────────────────────────────

/** What an ops check found. */
export interface OpsFinding {
  /** Which rule: see the README's table. */
  id: 'server' | 'probe' | 'not-pulled' | 'unpinned' | 'digest-mismatch' | 'queue' | 'max-loaded';
  /** `error` blocks a release; `warning` is worth a look. */
  severity: 'error' | 'warning';
  /** What it is about: a model name, a probe name, a setting. */
  subject: string;
  /** What is wrong, one line. */
  message: string;
  /** What to do about it, one line. */
  fix: string;
}

/** The result of checking an ops config against a live server. */
export interface OpsReport {
  /** True when there is no `error` finding. */
  ok: boolean;
  /** Every finding, errors and warnings. */
  findings: OpsFinding[];
}

/** Options of `checkOps`. */
export interface OpsCheckOptions {
  /** Measured p95 latency of one request (DoD-5), ms; enables the queue-versus-timeout rule. */
  measuredP95Ms?: number;
}
