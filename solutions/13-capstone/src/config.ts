/**
 * The service's settings: one object, validated, with defaults sized for the embedded demo on a
 * laptop. `configFromEnv` reads the `CAPSTONE_*` variables (see the README); the provider, embedding
 * and vector-store variables are read by `@workshop/llm` and `@workshop/vector` themselves.
 * Given code: the same file in the starter and the solution.
 */
import { z } from 'zod';

/** Everything tunable about the service. */
export interface ServiceConfig {
  /** Largest JSON body accepted, in bytes (bigger: 413). */
  maxBodyBytes: number;
  /** Longest question accepted, in characters. */
  maxQuestionChars: number;
  /** Questions answered at the same time; more wait in the queue. */
  maxConcurrent: number;
  /** Questions allowed to wait for a slot; more are shed with 429 + Retry-After. */
  maxQueue: number;
  /** Longest a question may wait in the queue before it is shed, in ms. */
  maxQueueWaitMs: number;
  /** Deadline of one provider attempt, in ms (streams: until the first token). */
  providerTimeoutMs: number;
  /** Attempts per provider, the first included. */
  providerMaxAttempts: number;
  /** First backoff between attempts, in ms (doubles, with full jitter). */
  providerBaseDelayMs: number;
  /** Consecutive failures that open a provider's circuit. */
  breakerFailureThreshold: number;
  /** How long an open circuit refuses calls, in ms. */
  breakerCooldownMs: number;
  /** Chunks retrieved per question. */
  topK: number;
  /** Cosine similarity a chunk needs to count as found. */
  minSimilarity: number;
  /** Token budget of the sources in the prompt. */
  contextTokens: number;
  /** Answers kept in the response cache. */
  cacheEntries: number;
  /** How long a cached answer stays fresh, in ms. */
  cacheTtlMs: number;
  /** The most one question may spend: prompt plus answer tokens. */
  perRequestTokens: number;
  /** The most one user may spend per UTC day. */
  perUserDailyTokens: number;
  /** The versioned prompt the service answers with. */
  promptId: string;
  /** The label that says which version is live. */
  promptLabel: string;
  /** How long a resolved prompt label is reused before it is read again, in ms. */
  promptRefreshMs: number;
  /** How long in-flight requests get to finish on shutdown, in ms. */
  shutdownGraceMs: number;
  /** Window of the active-users gauge, in ms. */
  activeWindowMs: number;
  /** Questions one user may ask per minute (all processes together). */
  perUserRequestsPerMinute: number;
  /** Deadline of one model call across every retry and every provider of the chain, in ms. */
  chainDeadlineMs: number;
  /** How long an answer can be rated, in ms. */
  answerTtlMs: number;
  /** How long an `Idempotency-Key` replays its answer, in ms. */
  idempotencyTtlMs: number;
  /** How long a visitor's session cookie lasts (when no API keys are configured), in ms. */
  sessionTtlMs: number;
  /**
   * On shutdown, how long `/readyz` reports 503 (and new questions are refused) before the listener
   * closes, in ms: the time a load balancer needs to notice and stop sending.
   */
  drainNoticeMs: number;
}

/** Defaults for the embedded demo. */
export const DEFAULT_CONFIG: ServiceConfig = {
  maxBodyBytes: 16 * 1024,
  maxQuestionChars: 2_000,
  maxConcurrent: 64,
  maxQueue: 256,
  maxQueueWaitMs: 10_000,
  providerTimeoutMs: 20_000,
  providerMaxAttempts: 3,
  providerBaseDelayMs: 250,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 30_000,
  topK: 4,
  minSimilarity: 0.35,
  contextTokens: 1_200,
  cacheEntries: 1_000,
  cacheTtlMs: 10 * 60_000,
  perRequestTokens: 4_000,
  perUserDailyTokens: 200_000,
  promptId: 'ask-workshop',
  promptLabel: 'production',
  promptRefreshMs: 5_000,
  shutdownGraceMs: 10_000,
  activeWindowMs: 24 * 3_600_000,
  perUserRequestsPerMinute: 120,
  chainDeadlineMs: 30_000,
  answerTtlMs: 7 * 24 * 3_600_000,
  idempotencyTtlMs: 24 * 3_600_000,
  sessionTtlMs: 30 * 24 * 3_600_000,
  drainNoticeMs: 5_000,
};

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

/** Validation of a (partial) config; every field names itself in the error. */
const ConfigSchema = z.strictObject({
  maxBodyBytes: positiveInt,
  maxQuestionChars: positiveInt,
  maxConcurrent: positiveInt,
  maxQueue: nonNegativeInt,
  maxQueueWaitMs: positiveInt,
  providerTimeoutMs: positiveInt,
  providerMaxAttempts: positiveInt,
  providerBaseDelayMs: nonNegativeInt,
  breakerFailureThreshold: positiveInt,
  breakerCooldownMs: nonNegativeInt,
  topK: positiveInt,
  minSimilarity: z.coerce.number().min(-1).max(1),
  contextTokens: positiveInt,
  cacheEntries: positiveInt,
  cacheTtlMs: positiveInt,
  perRequestTokens: positiveInt,
  perUserDailyTokens: positiveInt,
  promptId: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  promptLabel: z.string().regex(/^[a-z][a-z0-9-]*$/),
  promptRefreshMs: nonNegativeInt,
  shutdownGraceMs: nonNegativeInt,
  activeWindowMs: positiveInt,
  perUserRequestsPerMinute: positiveInt,
  chainDeadlineMs: positiveInt,
  answerTtlMs: positiveInt,
  idempotencyTtlMs: positiveInt,
  sessionTtlMs: positiveInt,
  drainNoticeMs: nonNegativeInt,
});

/** `DEFAULT_CONFIG` with `overrides` applied and checked. Throws one line naming the bad field. */
export function resolveConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const result = ConfigSchema.safeParse({ ...DEFAULT_CONFIG, ...overrides });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid service config: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return result.data;
}

/** `CAPSTONE_MAX_BODY_BYTES` → `maxBodyBytes`, and so on for every field. */
export function envName(field: keyof ServiceConfig): string {
  return `CAPSTONE_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The config from `CAPSTONE_*` variables (unset ones keep their default). Errors name the variable. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ServiceConfig {
  const overrides: Record<string, string> = {};
  for (const field of Object.keys(DEFAULT_CONFIG) as (keyof ServiceConfig)[]) {
    const value = env[envName(field)]?.trim();
    if (value) overrides[field] = value;
  }
  const result = ConfigSchema.safeParse({ ...DEFAULT_CONFIG, ...overrides });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0]) as keyof ServiceConfig;
    throw new Error(`${envName(field)}="${overrides[field]}" is invalid: ${issue?.message}`);
  }
  return result.data;
}
