/**
 * Every KPI of the service as a Prometheus metric, on a registry of its own (two services in one
 * process, e.g. in tests, never share counters). Names follow Prometheus conventions: counters end
 * in `_total`, durations are in seconds, ratios are 0–1 gauges computed when scraped.
 * Given code: the same file in the starter and the solution.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: fine below 50 ms (service overhead), coarse above (model time). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Where the computed gauges read their inputs when scraped (a value, or a promise of one). */
export interface MetricSources {
  /** Users seen within the active window. */
  activeUsers(): number | Promise<number>;
  /** Active users who came back on a later UTC day than their first. */
  returningUsers(): number | Promise<number>;
  /** Questions waiting for a slot. */
  queueDepth(): number;
  /** Questions being answered now. */
  inFlight(): number;
  /** 1 while the shared state store answers, 0 after a failure until it answers again. */
  stateAvailable(): number;
}

/**
 * The ratio gauges, as data: `part` over `whole`, each a counter and the labels its samples must
 * carry. Defined once, so a single process and the cluster primary (which sums the workers'
 * counters, then divides) compute them the same way.
 */
export const RATIOS = [
  {
    name: 'capstone_cache_hit_ratio',
    help: 'Share of cache lookups answered from the cache',
    part: ['capstone_cache_lookups_total', { result: 'hit' }],
    whole: ['capstone_cache_lookups_total', {}],
  },
  {
    name: 'capstone_satisfaction_ratio',
    help: 'Share of feedback that rated the answer up',
    part: ['capstone_feedback_total', { rating: 'up' }],
    whole: ['capstone_feedback_total', {}],
  },
  {
    name: 'capstone_escalation_ratio',
    help: 'Escalations to a human per answered question',
    part: ['capstone_escalations_total', {}],
    whole: ['capstone_answers_total', {}],
  },
] as const satisfies readonly {
  name: string;
  help: string;
  part: readonly [string, Record<string, string>];
  whole: readonly [string, Record<string, string>];
}[];

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event-loop lag). Off in tests. */
  defaultMetrics?: boolean;
}

/** The service's metrics. Record into the fields; `registry.metrics()` renders the text format. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Connect the gauges that are computed on scrape; a source not given reads as 0. */
  bind(sources: Partial<MetricSources>): void;

  // Traffic and latency
  /** HTTP request latency by method, route pattern and status. p50/p95/p99 via `histogram_quantile`. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** HTTP requests by method, route pattern and status: throughput, and the 4xx/5xx error rate. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Questions that entered the pipeline, by mode (`json` or `stream`): the denominator of the ask rates. */
  readonly asks: Counter<'mode'>;
  /** Questions answered (HTTP 200), by final status (`answered`, `no_result`, `degraded`…) and mode. */
  readonly answers: Counter<'status' | 'mode'>;
  /** Time from the request to the first answer text sent, by mode. */
  readonly timeToFirstToken: Histogram<'mode'>;
  /** Failed asks by error code (`internal_error`, `client_closed`…): the error rate's numerator. */
  readonly errors: Counter<'code'>;
  /**
   * Asks by SLI verdict (sli.ts): `good`, `bad` (spends the error budget), `excluded` (not counted by
   * the SLO). Availability: good / (good + bad); what the burn-rate alerts read.
   */
  readonly sliEvents: Counter<'verdict'>;

  // Providers
  /** Every provider attempt, by provider and outcome (`success`, `timeout`, `unavailable`, `circuit_open`…). */
  readonly providerAttempts: Counter<'provider' | 'outcome'>;
  /** Provider attempts that hit the deadline. */
  readonly providerTimeouts: Counter<'provider'>;
  /** Answers written by a provider other than the primary. */
  readonly fallbacks: Counter<'provider'>;
  /** Answers given in degraded mode (no model, or no retrieval), by reason. */
  readonly degraded: Counter<'reason'>;

  // Cost and efficiency
  /** Response cache lookups by result (`hit`, `miss`). */
  readonly cacheLookups: Counter<'result'>;
  /** Tokens spent on model calls, by direction (`input`, `output`). */
  readonly tokens: Counter<'direction'>;
  /** US dollars spent on model calls. */
  readonly costUsd: Counter;
  /** Tokens per successful task (an `answered` question): sum/count is the average. */
  readonly taskTokens: Histogram;
  /** Cost per successful task in US dollars. */
  readonly taskCostUsd: Histogram;
  /** Questions refused because a token budget was exhausted, by budget (`request`, `daily`). */
  readonly budgetRejections: Counter<'budget'>;

  // Safety and quality
  /** Guard decisions other than allow, by stage (`input`, `output`) and action (`block`, `redact`, `escalate`). */
  readonly policyViolations: Counter<'stage' | 'action'>;
  /** Prompt-injection incidents, by stage (`input`: the question; `retrieval`: a source). */
  readonly injectionIncidents: Counter<'stage'>;
  /** Questions for which retrieval found nothing above the similarity threshold. */
  readonly noResults: Counter;

  // Overload
  /** Questions shed with 429 because the queue was full or the wait too long. */
  readonly shed: Counter;

  // Adoption
  /** Feedback received, by rating (`up`, `down`). */
  readonly feedback: Counter<'rating'>;
  /** Escalations to a human, by source (`handoff`: the user asked; `safety`: a guard held the answer). */
  readonly escalations: Counter<'source'>;

  // Shared state and clients
  /** Failed operations on the shared state store (Redis, the cluster primary), by operation. */
  readonly stateErrors: Counter<'operation'>;
  /** Questions refused by the per-user rate limit. */
  readonly rateLimited: Counter;
  /** Answers replayed for a repeated `Idempotency-Key` (no second model call). */
  readonly idempotentReplays: Counter;
  /** Requests whose client went away before the answer was complete, by route pattern. */
  readonly clientClosed: Counter<'route'>;
}

/** Creates the metrics on a fresh registry. */
export function createMetrics(options: MetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: Partial<MetricSources> = {};

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers });

  const metrics: ServiceMetrics = {
    registry,
    bind(next) {
      sources = next;
    },
    httpDuration: histogram(
      'http_request_duration_seconds',
      'HTTP request latency by route pattern and status',
      ['method', 'route', 'status'],
      LATENCY_BUCKETS,
    ),
    httpRequests: counter('http_requests_total', 'HTTP requests by route pattern and status', [
      'method',
      'route',
      'status',
    ]),
    asks: counter('capstone_asks_total', 'Questions that entered the ask pipeline', ['mode']),
    answers: counter('capstone_answers_total', 'Questions answered with HTTP 200, by final status', ['status', 'mode']),
    timeToFirstToken: histogram(
      'capstone_time_to_first_token_seconds',
      'Time from the request to the first answer text sent to the client',
      ['mode'],
      LATENCY_BUCKETS,
    ),
    errors: counter('capstone_errors_total', 'Asks that failed, by error code', ['code']),
    sliEvents: counter('capstone_sli_events_total', 'Asks by SLI verdict (good, bad, excluded)', ['verdict']),
    providerAttempts: counter('capstone_provider_attempts_total', 'Provider attempts by provider and outcome', [
      'provider',
      'outcome',
    ]),
    providerTimeouts: counter('capstone_provider_timeouts_total', 'Provider attempts that hit the deadline', [
      'provider',
    ]),
    fallbacks: counter('capstone_fallback_answers_total', 'Answers written by a fallback provider', ['provider']),
    degraded: counter('capstone_degraded_total', 'Answers given in degraded mode, by reason', ['reason']),
    cacheLookups: counter('capstone_cache_lookups_total', 'Response cache lookups by result', ['result']),
    tokens: counter('capstone_tokens_total', 'Tokens spent on model calls, by direction', ['direction']),
    costUsd: counter('capstone_cost_usd_total', 'US dollars spent on model calls'),
    taskTokens: histogram(
      'capstone_task_tokens',
      'Tokens per successful task',
      [],
      [50, 100, 250, 500, 1000, 2000, 4000, 8000],
    ),
    taskCostUsd: histogram(
      'capstone_task_cost_usd',
      'Cost per successful task in US dollars',
      [],
      [0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05],
    ),
    budgetRejections: counter('capstone_budget_rejections_total', 'Questions refused by a token budget', ['budget']),
    policyViolations: counter('capstone_policy_violations_total', 'Guard decisions other than allow', [
      'stage',
      'action',
    ]),
    injectionIncidents: counter('capstone_injection_incidents_total', 'Prompt-injection incidents by stage', ['stage']),
    noResults: counter('capstone_no_result_total', 'Questions with nothing retrieved above the threshold'),
    shed: counter('capstone_shed_total', 'Questions shed with 429 because the queue was full'),
    feedback: counter('capstone_feedback_total', 'Feedback received by rating', ['rating']),
    escalations: counter('capstone_escalations_total', 'Escalations to a human by source', ['source']),
    stateErrors: counter('capstone_state_errors_total', 'Failed operations on the shared state store', ['operation']),
    rateLimited: counter('capstone_rate_limited_total', 'Questions refused by the per-user rate limit'),
    idempotentReplays: counter('capstone_idempotent_replays_total', 'Answers replayed for a repeated Idempotency-Key'),
    clientClosed: counter('capstone_client_closed_total', 'Requests whose client went away before the answer', [
      'route',
    ]),
  };

  const value = async (metric: Counter<string>, labels: Record<string, string> = {}): Promise<number> =>
    (await metric.get()).values
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  // `aggregator` says how the cluster primary combines the workers' values: ratios are recomputed
  // from the summed counters (omitted here), store-backed counts are the same in every worker (max).
  const gauge = (
    name: string,
    help: string,
    aggregator: 'sum' | 'max' | 'min' | 'omit',
    compute: () => number | Promise<number>,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      aggregator,
      async collect() {
        this.set(await compute());
      },
    });
  const counters: Record<string, Counter<string>> = {
    capstone_cache_lookups_total: metrics.cacheLookups,
    capstone_feedback_total: metrics.feedback,
    capstone_escalations_total: metrics.escalations,
    capstone_answers_total: metrics.answers,
  };
  for (const ratio of RATIOS) {
    gauge(ratio.name, ratio.help, 'omit', async () => {
      const whole = await value(counters[ratio.whole[0]] as Counter<string>, ratio.whole[1]);
      return whole === 0 ? 0 : (await value(counters[ratio.part[0]] as Counter<string>, ratio.part[1])) / whole;
    });
  }
  gauge('capstone_active_users', 'Users seen within the active window', 'max', () => sources.activeUsers?.() ?? 0);
  gauge(
    'capstone_returning_users',
    'Active users who came back on a later UTC day than their first',
    'max',
    () => sources.returningUsers?.() ?? 0,
  );
  gauge('capstone_queue_depth', 'Questions waiting for a slot', 'sum', () => sources.queueDepth?.() ?? 0);
  gauge('capstone_in_flight', 'Questions being answered now', 'sum', () => sources.inFlight?.() ?? 0);
  gauge(
    'capstone_state_available',
    'Whether the shared state store answers (1) or failed last (0)',
    'min',
    () => sources.stateAvailable?.() ?? 1,
  );
  return metrics;
}

/**
 * The ratio gauges computed from Prometheus text in which the counters were summed over the
 * cluster's workers (what prom-client's AggregatorRegistry renders), appended to that text.
 */
export function withRatios(text: string): string {
  const sum = ([name, labels]: readonly [string, Record<string, string>]) => {
    let total = 0;
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
      const found = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([k, v]) => found[k] === v)) total += Number(match[2]);
    }
    return total;
  };
  const lines = RATIOS.flatMap((ratio) => {
    const whole = sum(ratio.whole);
    return [
      `# HELP ${ratio.name} ${ratio.help}`,
      `# TYPE ${ratio.name} gauge`,
      `${ratio.name} ${whole === 0 ? 0 : sum(ratio.part) / whole}`,
    ];
  });
  return `${text.trimEnd()}\n${lines.join('\n')}\n`;
}
