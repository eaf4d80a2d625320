/**
 * A month of support traffic through your chain, on virtual time, against measured fault profiles
 * (`fixtures/profiles.{dev,test}.jsonl`, declared in `lab.yaml`). The DoD tests simulate the test
 * split; `src/dev-report.ts` simulates the dev split with the same code. Node runs this file
 * directly from the dev report, so it imports only types from the code under test.
 *
 * Each provider is a `SimulatedChatModel`: every attempt draws its fate from the provider's profile
 * (an answer after a latency from the measured distribution, a 429 with a Retry-After, a 5xx, a cut
 * answer, or a hang that only the client's own 60 s timeout ends), plus the incidents of that month.
 * The draws depend only on (request, provider, attempt), so two chains meet the same luck.
 */

import type { Attempt, ReportingChatModel } from '@lab/attempts.ts';
import type { ChainEnv, ProviderName, ProviderSet } from '@lab/providers.ts';
import { latencyPercentiles, seededRandom } from '@workshop/kit';
import {
  type ChatCapabilities,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  isProviderError,
  ProviderError,
} from '@workshop/llm';
import { loadSplit, type Split } from '@workshop/testkit/datasets';
import { z } from 'zod';
import { VirtualClock } from './virtual-clock.ts';

/** What the DoD asks of the test split (the support assistant's SLO and its quality bar). */
export const TARGETS = {
  /** Share of requests that get an answer. */
  successRate: 0.995,
  /**
   * Share of requests answered by the offline simulator: a degraded answer ("here is what our help
   * pages say"), which the product flags to the user and allows for at most 1 request in 20.
   */
  degraded: 0.05,
  /** 99th percentile of the time a user waits, answered or not, in ms. */
  p99Ms: 6_000,
  /** No request may take longer than this, in ms: the worst case, not only the tail. */
  maxMs: 10_000,
  /**
   * Good answers lost against the best model answering every request (its measured quality), to
   * failed requests and to answers from weaker models: the quality cost of falling back.
   */
  qualityLost: 0.025,
} as const;

/** Requests per simulated month, and the mean gap between them (a Poisson stream), in ms. */
export const TRAFFIC = { requests: 3_000, meanGapMs: 2_000, seed: 2025 } as const;

/** Every client gives up eventually: the adapters' own timeout, which ends a hang nobody else ends. */
export const CLIENT_TIMEOUT_MS = 60_000;

const latency = z.strictObject({
  p10: z.number().positive(),
  p50: z.number().positive(),
  p90: z.number().positive(),
  p99: z.number().positive(),
  max: z.number().positive(),
});

const profileSchema = z.strictObject({
  provider: z.enum(['openai', 'mistral', 'ollama', 'offline']),
  model: z.string().min(1),
  /** The month these figures were measured in. */
  window: z.string(),
  /** Production calls the rates come from. */
  calls: z.number().int().positive(),
  /** Time to the whole answer of successful calls, in ms. */
  latencyMs: latency,
  /** Median time until a 429 or 5xx comes back, in ms. */
  errorLatencyMs: z.number().nonnegative(),
  /** Share of attempts that end in each fault, outside incidents. */
  faults: z.strictObject({
    rateLimit: z.number().min(0).max(1),
    serverError: z.number().min(0).max(1),
    hang: z.number().min(0).max(1),
    cut: z.number().min(0).max(1),
  }),
  /** Retry-After of the 429s: [seconds, share of 429s]. */
  retryAfterSeconds: z.array(z.tuple([z.number().positive(), z.number().positive()])),
  /** Stretches of the month when one fault hit a share of attempts (minutes from the start of the traffic). */
  incidents: z.array(
    z.strictObject({
      fromMinute: z.number().nonnegative(),
      toMinute: z.number().positive(),
      fault: z.enum(['rate_limit', 'server_error', 'hang']),
      share: z.number().min(0).max(1),
      /** The Retry-After of this incident's 429s, in seconds (a quota that resets later), instead of the usual spread. */
      retryAfterSeconds: z.number().positive().optional(),
      note: z.string(),
    }),
  ),
  /** Labelled support tickets answered right by this model (the task check of lab 02). */
  quality: z.strictObject({ passed: z.number().int().nonnegative(), of: z.number().int().positive() }),
  /** Price per 1,000 calls at our prompt size, in USD; a cut answer is billed, a 429 or 5xx is not. */
  usdPer1kCalls: z.number().nonnegative(),
});

/** One provider's measured behaviour over one month. */
export type FaultProfile = z.output<typeof profileSchema>;

/** The profiles of one split, one row per provider; a malformed row is named in one line. */
export function loadProfiles(split: Split): FaultProfile[] {
  return loadSplit<unknown>(import.meta.dirname, 'profiles', split).map((row, index) => {
    const parsed = profileSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`profiles.${split} row ${index + 1}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return parsed.data;
  });
}

/** Share of labelled tickets a provider's model answered right. */
export const qualityOf = (profile: FaultProfile) => profile.quality.passed / profile.quality.of;

/** A draw from a distribution given by its quantiles: piecewise linear in log-latency. */
function latencyAt(u: number, q: FaultProfile['latencyMs']): number {
  const points: [number, number][] = [
    [0, q.p10 / 2],
    [0.1, q.p10],
    [0.5, q.p50],
    [0.9, q.p90],
    [0.99, q.p99],
    [1, q.max],
  ];
  for (let i = 1; i < points.length; i++) {
    const [u1, v1] = points[i] as [number, number];
    const [u0, v0] = points[i - 1] as [number, number];
    if (u <= u1) return Math.exp(Math.log(v0) + ((u - u0) / (u1 - u0)) * (Math.log(v1) - Math.log(v0)));
  }
  return q.max;
}

/** The value whose cumulative share first exceeds `u`; undefined when `u` is past them all. */
function pick<T>(u: number, entries: readonly (readonly [T, number])[]): T | undefined {
  let cumulative = 0;
  for (const [value, share] of entries) {
    cumulative += share;
    if (u < cumulative) return value;
  }
  return undefined;
}

type Fate =
  | { kind: 'answer'; ms: number }
  | { kind: 'rate_limit'; ms: number; retryAfterMs: number }
  | { kind: 'server_error'; ms: number }
  | { kind: 'cut'; ms: number }
  | { kind: 'hang' };

const REQUEST: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are the support assistant of Acme. Answer in one sentence.' },
    { role: 'user', content: 'Where is my order ORD-10423?' },
  ],
};

/** A provider that behaves as its profile says, on the virtual clock. */
export class SimulatedChatModel implements ChatModel {
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ChatCapabilities = { streaming: true, tools: true, jsonOutput: true, vision: false };
  readonly profile: FaultProfile;
  readonly #clock: VirtualClock;
  readonly #seed: number;
  #request = 0;
  #attempt = 0;

  constructor(profile: FaultProfile, clock: VirtualClock, seed: number) {
    this.profile = profile;
    this.provider = profile.provider;
    this.modelId = profile.model;
    this.#clock = clock;
    this.#seed = seed;
  }

  /** Start request number `index`: draws are keyed by it and by the attempt within it. */
  beginRequest(index: number): void {
    this.#request = index;
    this.#attempt = 0;
  }

  #fate(): Fate {
    this.#attempt += 1;
    const random = seededRandom((this.#seed * 1_000_003 + this.#request * 131 + this.#attempt) >>> 0);
    // Every draw is made, used or not, so the luck of an attempt does not depend on the clock.
    const [uIncident, uFault, uLatency, uCut, uRetryAfter, uError] = [
      random(),
      random(),
      random(),
      random(),
      random(),
      random(),
    ] as const;
    const p = this.profile;
    const errorMs = p.errorLatencyMs * (0.5 + uError);
    const minute = this.#clock.now() / 60_000;
    const incident = p.incidents.find((i) => minute >= i.fromMinute && minute < i.toMinute);
    const { rateLimit, serverError, hang, cut } = p.faults;
    const inIncident = incident !== undefined && uIncident < incident.share;
    const fault = inIncident
      ? incident.fault
      : pick(uFault, [
          ['rate_limit', rateLimit],
          ['server_error', serverError],
          ['hang', hang],
          ['cut', cut],
        ] as const);
    const ms = latencyAt(uLatency, p.latencyMs);
    switch (fault) {
      case 'rate_limit': {
        // A quota incident asks for the same long wait every time; otherwise the usual spread.
        const seconds = inIncident ? incident.retryAfterSeconds : undefined;
        return {
          kind: 'rate_limit',
          ms: errorMs,
          retryAfterMs: seconds ? seconds * 1_000 : this.#retryAfter(uRetryAfter),
        };
      }
      case 'server_error':
        return { kind: 'server_error', ms: errorMs };
      case 'hang':
        return { kind: 'hang' };
      case 'cut':
        return { kind: 'cut', ms: ms * uCut };
      default:
        return { kind: 'answer', ms };
    }
  }

  #retryAfter(u: number): number {
    const table = this.profile.retryAfterSeconds;
    const total = table.reduce((sum, [, share]) => sum + share, 0);
    return (pick(u * total, table) ?? table.at(-1)?.[0] ?? 1) * 1_000;
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const fate = this.#fate();
    const wait = async (ms: number) => {
      try {
        await this.#clock.sleep(ms, request.signal);
      } catch (reason) {
        throw new ProviderError('aborted', this.provider, 'the call was aborted by the caller', { cause: reason });
      }
    };
    switch (fate.kind) {
      case 'hang':
        await wait(CLIENT_TIMEOUT_MS);
        throw new ProviderError(
          'timeout',
          this.provider,
          `no answer before the client's ${CLIENT_TIMEOUT_MS} ms timeout`,
        );
      case 'rate_limit':
        await wait(fate.ms);
        throw new ProviderError('rate_limit', this.provider, 'rate limited (429)', {
          status: 429,
          retryAfterMs: fate.retryAfterMs,
        });
      case 'server_error':
        await wait(fate.ms);
        throw new ProviderError('unavailable', this.provider, 'server error (503)', { status: 503 });
      case 'cut':
        await wait(fate.ms);
        throw new ProviderError('bad_response', this.provider, 'the answer broke off');
      case 'answer': {
        await wait(fate.ms);
        const usage = { inputTokens: 300, outputTokens: 120, totalTokens: 420 };
        const text = `Simulated answer from ${this.provider}.`;
        return {
          text,
          toolCalls: [],
          finishReason: 'stop',
          usage,
          cost: { inputUsd: 0, outputUsd: 0, totalUsd: this.profile.usdPer1kCalls / 1_000, priced: true },
          provider: this.provider,
          model: this.modelId,
          latencyMs: fate.ms,
          timeToFirstTokenMs: fate.ms,
          message: { role: 'assistant', content: text },
        };
      }
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const response = await this.generate(request);
    yield { type: 'text-delta', text: response.text };
    yield { type: 'finish', response };
  }
}

/** How one simulated request ended. */
export interface RequestOutcome {
  ok: boolean;
  /** From arrival to answer or failure, in virtual ms. */
  latencyMs: number;
  /** Who answered. */
  provider?: ProviderName;
  /** The failure's kind. */
  failure?: string;
  /** Every attempt made, on every provider, in order. */
  attempts: Attempt[];
  /** What the attempts cost, in USD. */
  costUsd: number;
}

/** The KPIs of a simulated month. */
export interface TrafficResult {
  outcomes: RequestOutcome[];
  successRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Expected share of requests with a right answer: Σ quality of the model that answered, over all requests. */
  goodAnswers: number;
  /** The best single model's quality: the ceiling of `goodAnswers`. */
  bestQuality: number;
  /** Share of requests answered by each provider. */
  answeredBy: Record<ProviderName, number>;
  /** Failed requests by kind. */
  failures: Record<string, number>;
  attemptsPerRequest: number;
  usdPer1kRequests: number;
}

/** What the DoD calls: your `buildChain`, or anything with its signature. */
export type BuildChain = (providers: ProviderSet, env: ChainEnv) => ReportingChatModel;

/** Runs `TRAFFIC.requests` requests, one after another on virtual time, through `build`'s chain. */
export async function simulateTraffic(
  build: BuildChain,
  profiles: readonly FaultProfile[],
  traffic: { requests: number; meanGapMs: number; seed: number } = TRAFFIC,
): Promise<TrafficResult> {
  const clock = new VirtualClock();
  const models = new Map<ProviderName, SimulatedChatModel>();
  profiles.forEach((profile, index) => {
    models.set(profile.provider, new SimulatedChatModel(profile, clock, traffic.seed * 7 + index));
  });
  const set = Object.fromEntries(models) as unknown as ProviderSet;
  for (const name of ['openai', 'mistral', 'ollama', 'offline'] as const) {
    if (!models.has(name)) throw new Error(`the profiles have no row for provider "${name}"`);
  }
  const chain = build(set, { clock, random: seededRandom(traffic.seed) });
  // A real timer started by the chain is a clock someone forgot to pass: virtual time never reaches
  // it, so a deadline on it never fires and a backoff on it really waits. Say so at once.
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
    const from = new Error().stack ?? '';
    if ((ms ?? 0) >= 1 && (from.includes('/kit/src/clock.ts') || from.includes('/03-providers/src/'))) {
      throw new Error(
        `the chain started a real ${ms} ms timer: pass env.clock to every ResilientChatModel and FallbackChatModel (the DoD runs on virtual time)`,
      );
    }
    return realSetTimeout(handler, ms, ...rest);
  }) as typeof setTimeout;
  try {
    const price = new Map(profiles.map((p) => [p.provider, p.usdPer1kCalls / 1_000]));
    const arrivals = seededRandom(traffic.seed + 1);
    const outcomes: RequestOutcome[] = [];
    let arrival = 0;
    for (let index = 0; index < traffic.requests; index++) {
      // Let the event loop turn now and then: AbortSignal.any keeps its sources in WeakRefs, which
      // V8 holds until the current job ends; a simulation that never yields would keep them all.
      if (index % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
      arrival += -Math.log(1 - arrivals()) * traffic.meanGapMs;
      clock.advanceTo(arrival);
      for (const model of models.values()) model.beginRequest(index);
      const start = clock.now();
      let outcome: Omit<RequestOutcome, 'latencyMs'>;
      try {
        const report = await chain.generateWithReport(REQUEST);
        outcome = {
          ok: true,
          provider: report.value.provider as ProviderName,
          attempts: report.attempts,
          costUsd: costOf(report.attempts, price),
        };
      } catch (error) {
        // Not a ProviderError: a bug in the chain (or a TODO), not a failed request.
        if (!isProviderError(error)) throw error;
        const attempts = (error as { attempts?: Attempt[] }).attempts ?? [];
        outcome = { ok: false, failure: error.kind, attempts, costUsd: costOf(attempts, price) };
      }
      outcomes.push({ ...outcome, latencyMs: clock.now() - start });
    }
    return summarise(outcomes, profiles);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
}

function costOf(attempts: readonly { provider: string; outcome: string }[], price: Map<string, number>): number {
  return attempts
    .filter((a) => a.outcome === 'success' || a.outcome === 'bad_response')
    .reduce((sum, a) => sum + (price.get(a.provider) ?? 0), 0);
}

function summarise(outcomes: RequestOutcome[], profiles: readonly FaultProfile[]): TrafficResult {
  const n = outcomes.length;
  const quality = new Map(profiles.map((p) => [p.provider, qualityOf(p)]));
  const answeredBy = { openai: 0, mistral: 0, ollama: 0, offline: 0 } as Record<ProviderName, number>;
  const failures: Record<string, number> = {};
  let good = 0;
  for (const o of outcomes) {
    if (o.ok && o.provider) {
      answeredBy[o.provider] = (answeredBy[o.provider] ?? 0) + 1 / n;
      good += quality.get(o.provider) ?? 0;
    } else if (o.failure) {
      failures[o.failure] = (failures[o.failure] ?? 0) + 1;
    }
  }
  const { p50, p95, p99 } = latencyPercentiles(outcomes.map((o) => o.latencyMs));
  return {
    outcomes,
    successRate: outcomes.filter((o) => o.ok).length / n,
    p50Ms: p50,
    p95Ms: p95,
    p99Ms: p99,
    maxMs: Math.max(...outcomes.map((o) => o.latencyMs)),
    goodAnswers: good / n,
    bestQuality: Math.max(...quality.values()),
    answeredBy,
    failures,
    attemptsPerRequest: outcomes.reduce((sum, o) => sum + o.attempts.length, 0) / n,
    usdPer1kRequests: (outcomes.reduce((sum, o) => sum + o.costUsd, 0) / n) * 1_000,
  };
}
