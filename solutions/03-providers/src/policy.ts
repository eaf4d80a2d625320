/**
 * The support assistant's provider chain: which providers, in which order, how persistently, and
 * how long a user may wait in total. Chosen on the dev month with
 * `node labs/03-providers/src/dev-report.ts`; the DoD judges it on another month.
 */
import type { ChatModel } from '@workshop/llm';
import type { ReportingChatModel } from './attempts.ts';
import { FallbackChatModel } from './fallback-model.ts';
import { pinned } from './pinning.ts';
import type { ChainEnv, ProviderSet } from './providers.ts';
import { ResilientChatModel, type RetryPolicy } from './resilient-model.ts';

/**
 * How long the hosted providers get, retries and fallbacks included: the SLO's p99 (6 s) less room
 * for the last resort. Per-attempt timeouts only shape the tail of the month you measured; this
 * bounds it in a month with an incident you have not seen.
 */
const HOSTED_DEADLINE_MS = 5_500;

/**
 * One more try when the first fails fast (a 5xx, a cut answer, a 429 asking for a second or two):
 * on dev the second attempt mostly succeeds. A 429 asking for more than 2 s (a quota that ran out),
 * or a second failure, goes to the next provider, which answers in about a second.
 */
const RETRY: Partial<RetryPolicy> = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000, maxRetryAfterMs: 2_000 };

/**
 * Ten failures in a row is an outage: skip the provider for 30 s. Not three: in a burst that fails
 * half the calls, three in a row comes every few seconds, and an open breaker on the fallback turns
 * "half of them fail" into "all of them go to offline" (on dev, the peak when OpenAI's quota ran out).
 */
const BREAKER = { failureThreshold: 10, cooldownMs: 30_000 };

/**
 * OpenAI first (the best answers: 362 of 400), Mistral second (347 of 400, answers in about a
 * second), Ollama third (291 of 400: far better than offline's 121, and our own server, so it is
 * up when both vendors are down at the same peak), all under one deadline; then the offline
 * simulator, outside the deadline, so the user always gets an answer.
 */
export function buildChain(providers: ProviderSet, env: ChainEnv): ReportingChatModel {
  const { clock, random } = env;
  // Timeouts near each vendor's p90–p95 on dev: a hang costs one timeout, not 60 s, and leaves the
  // next provider time to answer. Ollama gets whatever the deadline leaves.
  const member = (model: ChatModel, timeoutMs: number) =>
    new ResilientChatModel(pinned(model), { clock, random, timeoutMs, retry: RETRY, breaker: BREAKER });
  const hosted = new FallbackChatModel(
    [member(providers.openai, 3_000), member(providers.mistral, 2_500), member(providers.ollama, 4_000)],
    { clock, deadlineMs: HOSTED_DEADLINE_MS },
  );
  return new FallbackChatModel([hosted, pinned(providers.offline)], { clock });
}
