/**
 * Every KPI of the service as a Prometheus metric, on a registry of its own (two services in one
 * process, e.g. in tests, never share counters). Names follow Prometheus conventions: counters end
 * in `_total`, durations are in seconds, ratios are 0–1 gauges computed when scraped.
 * Given code: the same file in the starter and the solution. What is left to wire is where each
 * metric is recorded (see the TODOs in app.ts, ask.ts, admission.ts and feedback.ts).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: fine below 50 ms (service overhead), coarse above (model time). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Where the ratio gauges read their inputs when scraped. */
export interface MetricSources {
  /** Users seen within the active window. */
  activeUsers(): number;
  /** Active users who were first seen on an earlier UTC day. */
  returningUsers(): number;
  /** Questions waiting for a slot. */
  queueDepth(): number;
  /** Questions being answered now. */
  inFlight(): number;
}

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
  };

  const value = async (metric: Counter<string>, labels: Record<string, string> = {}): Promise<number> =>
    (await metric.get()).values
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  const gauge = (name: string, help: string, compute: () => number | Promise<number>) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(await compute());
      },
    });
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

  gauge('capstone_cache_hit_ratio', 'Share of cache lookups answered from the cache', async () =>
    ratio(await value(metrics.cacheLookups, { result: 'hit' }), await value(metrics.cacheLookups)),
  );
  gauge('capstone_satisfaction_ratio', 'Share of feedback that rated the answer up', async () =>
    ratio(await value(metrics.feedback, { rating: 'up' }), await value(metrics.feedback)),
  );
  gauge('capstone_escalation_ratio', 'Escalations to a human per answered question', async () =>
    ratio(await value(metrics.escalations), await value(metrics.answers)),
  );
  gauge('capstone_active_users', 'Users seen within the active window', () => sources.activeUsers?.() ?? 0);
  gauge(
    'capstone_returning_users',
    'Active users first seen on an earlier UTC day',
    () => sources.returningUsers?.() ?? 0,
  );
  gauge('capstone_queue_depth', 'Questions waiting for a slot', () => sources.queueDepth?.() ?? 0);
  gauge('capstone_in_flight', 'Questions being answered now', () => sources.inFlight?.() ?? 0);
  return metrics;
}
