/**
 * Test support: candidates are the real `OpenAIChatModel` talking to testkit's emulated
 * OpenAI-compatible endpoints, each scripted with its own quality, usage and latency.
 */
import { fileURLToPath } from 'node:url';
import { evaluateCandidates } from '@lab/evaluate.ts';
import { type GoldenCase, loadGoldenSet, TICKET_CATEGORIES } from '@lab/golden.ts';
import type { AcceptanceSpec } from '@lab/spec.ts';
import type { Candidate, CandidateReport, Hosting } from '@lab/types.ts';
import { type ChatCapabilities, type ChatModel, OpenAIChatModel, type PriceTable } from '@workshop/llm';
import type { OpenAIEmulator, TestMockNetwork } from '@workshop/testkit';

/** The lab's golden set (12 support tickets). */
export const GOLDEN: GoldenCase[] = loadGoldenSet(
  fileURLToPath(new URL('../fixtures/golden-tickets.jsonl', import.meta.url)),
);

/** Token usage every scripted answer reports (a realistic triage call). */
export const USAGE = { inputTokens: 400, outputTokens: 20 };

/** A clock the test moves by hand, so measured latencies are exact. */
export class VirtualClock {
  private time = 1_000;
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** How one scripted candidate behaves. */
export interface Profile {
  /** Display name, unique per test. */
  name: string;
  /** Model id sent to the endpoint (decides the price). */
  model: string;
  /** Endpoint base URL, e.g. `http://candidate-a.test/v1`. */
  baseURL: string;
  /** Ids of golden cases this candidate answers wrongly. */
  wrong?: readonly string[];
  /** Virtual latency per case (ms), in golden order; needs a `VirtualClock`. */
  latencies?: readonly number[];
  /** Context window the model declares. Default 128 000. */
  contextWindow?: number;
  /** Where it runs. Default `external`. */
  hosting?: Hosting;
  /** Provider id the adapter reports. Default `openai`. */
  providerName?: string;
  /** Price table the adapter itself uses (default: the built-in one). */
  prices?: PriceTable;
}

/** A wrong but well-formed answer: the next category and the same order id. */
export function wrongAnswer(goldenCase: GoldenCase): string {
  const index = TICKET_CATEGORIES.indexOf(goldenCase.expected.category);
  const category = TICKET_CATEGORIES[(index + 1) % TICKET_CATEGORIES.length];
  return JSON.stringify({ category, orderId: goldenCase.expected.orderId });
}

/** Queue one answer per golden case on `emulator`: right, unless the case id is in `wrong`. */
export function scriptAnswers(
  emulator: OpenAIEmulator,
  golden: readonly GoldenCase[],
  wrong: readonly string[] = [],
  usage = USAGE,
): void {
  emulator.script(
    ...golden.map((c) => ({
      content: wrong.includes(c.id) ? wrongAnswer(c) : JSON.stringify(c.expected),
      usage,
    })),
  );
}

/**
 * Wraps a model so each call also moves the virtual clock by the next scripted latency —
 * the candidate still makes its real HTTP call to the emulator.
 */
export function withVirtualLatency(model: ChatModel, clock: VirtualClock, latencies: readonly number[]): ChatModel {
  let call = 0;
  return {
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    async generate(request) {
      const response = await model.generate(request);
      clock.advance(latencies[call++] ?? 0);
      return response;
    },
    stream: (request) => model.stream(request),
  };
}

/** Build a candidate for `profile`, scripting its endpoint with answers for `golden`. */
export function scriptedCandidate(
  network: TestMockNetwork,
  profile: Profile,
  golden: readonly GoldenCase[] = GOLDEN,
  clock?: VirtualClock,
): Candidate {
  const emulator = network.openaiCompatible(profile.baseURL);
  scriptAnswers(emulator, golden, profile.wrong);
  const capabilities: Partial<ChatCapabilities> = { contextWindow: profile.contextWindow ?? 128_000 };
  const real = new OpenAIChatModel({
    model: profile.model,
    baseURL: profile.baseURL,
    capabilities,
    ...(profile.providerName ? { providerName: profile.providerName } : {}),
    ...(profile.prices ? { prices: profile.prices } : {}),
  });
  const model = clock && profile.latencies ? withVirtualLatency(real, clock, profile.latencies) : real;
  return { name: profile.name, model, hosting: profile.hosting ?? 'external' };
}

/** `n` latencies around `base` ms with one slow outlier at the end (p95 = p99 = the outlier for 12 cases). */
export function latencies(base: number, outlier: number, n = GOLDEN.length): number[] {
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? outlier : base + (i % 4) * 10));
}

/** Ids of the first `n` golden cases. */
export function firstIds(n: number): string[] {
  return GOLDEN.slice(0, n).map((c) => c.id);
}

/** A spec most tests start from; override fields per test. */
export function baseSpec(overrides: Partial<AcceptanceSpec> = {}): AcceptanceSpec {
  return {
    task: 'support-ticket triage',
    minSuccessRate: 0.9,
    maxP95LatencyMs: 400,
    maxCostPerSuccessUsd: 0.0005,
    minContextWindow: 16_000,
    privacy: 'external-allowed',
    allowedProviders: ['openai', 'vllm'],
    ...overrides,
  };
}

/** A price table for a self-hosted model (amortised GPU cost), which the built-in table cannot know. */
export const SELF_HOSTED_PRICES: PriceTable = [
  {
    provider: 'vllm',
    model: 'llama-3.1-8b-instruct',
    inputPerMTok: 0.05,
    outputPerMTok: 0.1,
    source: 'amortised cost of our own GPU node (test fixture)',
    asOf: '2025-01-01',
  },
];

/**
 * Five candidates with different quality, latency, cost and hosting. Against `baseSpec()`:
 * - premium  (gpt-4o, 12/12, p95 350 ms): fails only cost per successful task;
 * - balanced (gpt-4.1-mini, 12/12, p95 320 ms): passes everything;
 * - mini     (gpt-4o-mini, 11/12, p95 250 ms): passes everything and is the cheapest that does;
 * - nano     (gpt-4.1-nano, 8/12, p95 180 ms): cheaper per success than mini, but fails success rate;
 * - local    (llama on self-hosted vLLM, 12/12, p95 1.2 s, 8k context): cheapest of all, fails latency and context.
 */
export const SCENARIO: readonly Profile[] = [
  { name: 'premium', model: 'gpt-4o', baseURL: 'http://candidate-a.test/v1', latencies: latencies(200, 350) },
  { name: 'balanced', model: 'gpt-4.1-mini', baseURL: 'http://candidate-b.test/v1', latencies: latencies(150, 320) },
  {
    name: 'mini',
    model: 'gpt-4o-mini',
    baseURL: 'http://candidate-c.test/v1',
    wrong: ['T09'],
    latencies: latencies(120, 250),
  },
  {
    name: 'nano',
    model: 'gpt-4.1-nano',
    baseURL: 'http://candidate-d.test/v1',
    wrong: ['T02', 'T05', 'T08', 'T11'],
    latencies: latencies(90, 180),
  },
  {
    name: 'local',
    model: 'llama-3.1-8b-instruct',
    baseURL: 'http://vllm.test/v1',
    providerName: 'vllm',
    hosting: 'self-hosted',
    contextWindow: 8192,
    latencies: latencies(700, 1200),
  },
];

/**
 * Runs `evaluate` on first use and hands every later caller the same result (or the same
 * error), so a file can evaluate an expensive scenario once and assert on it in several tests.
 * Lazy rather than `beforeAll`: a starter's TODO error then fails each test with its message.
 */
export function once<T>(evaluate: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= evaluate();
    return result;
  };
}

/** Evaluate the scenario's candidates (in `order`, by name) with exact virtual latencies. */
export async function evaluateScenario(
  network: TestMockNetwork,
  order: readonly string[] = SCENARIO.map((p) => p.name),
): Promise<CandidateReport[]> {
  const clock = new VirtualClock();
  const candidates = order.map((name) => {
    const profile = SCENARIO.find((p) => p.name === name);
    if (!profile) throw new Error(`no scenario candidate named ${name}`);
    return scriptedCandidate(network, profile, GOLDEN, clock);
  });
  return evaluateCandidates(candidates, GOLDEN, { now: clock.now, prices: SELF_HOSTED_PRICES });
}
