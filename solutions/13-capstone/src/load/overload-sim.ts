/**
 * An overload scenario played on virtual time: Poisson arrivals (a base load and bursts), the
 * admission queue's rules (at most `maxConcurrent` questions in progress, at most `maxQueue`
 * waiting, none waiting longer than `maxQueueWaitMs`; FIFO), and a provider that serves
 * `providerConcurrency` calls at full speed: with more in progress, every call slows down in
 * proportion (processor sharing, as a GPU batch or a concurrency-limited account behaves).
 * Given code: the same file in the starter and the solution.
 */
import { seededRandom } from '@workshop/kit';
import { SLO } from '../slo/slo.ts';

/** One scenario (a row of fixtures/capacity.*.jsonl). */
export interface CapacityRow {
  id: string;
  seed: number;
  durationS: number;
  /** Calls the provider serves at once at full speed. */
  providerConcurrency: number;
  /** The true service time of a question: lognormal with this median and log-spread. */
  serviceModel: { medianMs: number; sigma: number };
  /** What was measured of it on 2,000 questions: the planner's input. */
  measuredMs: { p50: number; p90: number; p99: number; mean: number };
  /** Offered load outside bursts, as a share of capacity (providerConcurrency / mean service time). */
  baseLoad: number;
  /** Overload bursts: offered load as a multiple of capacity. */
  bursts: { atS: number; durationS: number; load: number }[];
}

/** What a capacity plan knows: the measurements, never the traffic to come. */
export interface MeasuredCapacity {
  providerConcurrency: number;
  serviceMs: { p50: number; p90: number; p99: number; mean: number };
  /** The SLO's latency bound, in ms. */
  latencySloMs: number;
}

/** The admission settings a plan chooses (the `ServiceConfig` fields of the same names). */
export interface AdmissionPlan {
  maxConcurrent: number;
  maxQueue: number;
  maxQueueWaitMs: number;
}

/** What happened in one scenario. */
export interface OverloadResult {
  id: string;
  offered: number;
  answered: number;
  /** Answered within the SLO's latency bound. */
  inSlo: number;
  shed: number;
  /** Latencies (queue wait plus service) of the answered questions, in ms. */
  latenciesMs: number[];
  /** During bursts: answered within the SLO, and what the provider could have answered at full speed. */
  burstInSlo: number;
  burstCapacity: number;
  /** Outside bursts (and a minute after each): offered and shed. */
  calmOffered: number;
  calmShed: number;
}

/** The measurements of a row, as a planner sees them. */
export function measuredOf(row: CapacityRow): MeasuredCapacity {
  return { providerConcurrency: row.providerConcurrency, serviceMs: row.measuredMs, latencySloMs: SLO.latencyMs };
}

/** Checks a plan: whole numbers, in range; one line naming the field otherwise. */
export function checkPlan(plan: AdmissionPlan): AdmissionPlan {
  for (const [field, max] of [
    ['maxConcurrent', 10_000],
    ['maxQueue', 100_000],
    ['maxQueueWaitMs', 600_000],
  ] as const) {
    const value = plan[field];
    const min = field === 'maxConcurrent' ? 1 : 0;
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`planAdmission: ${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return plan;
}

/** Plays `row` with `plan`; deterministic for a row. */
export function simulateOverload(row: CapacityRow, plan: AdmissionPlan): OverloadResult {
  checkPlan(plan);
  const random = seededRandom(row.seed);
  const capacityPerMs = row.providerConcurrency / row.measuredMs.mean;
  const loadAt = (ms: number) =>
    row.bursts.find((b) => ms >= b.atS * 1000 && ms < (b.atS + b.durationS) * 1000)?.load ?? row.baseLoad;
  const calm = (ms: number) => !row.bursts.some((b) => ms >= b.atS * 1000 && ms < (b.atS + b.durationS + 60) * 1000);
  const inBurst = (ms: number) => loadAt(ms) !== row.baseLoad;

  // Arrivals by thinning a Poisson process at the highest rate.
  const peak = Math.max(row.baseLoad, ...row.bursts.map((b) => b.load)) * capacityPerMs;
  const arrivals: { at: number; work: number }[] = [];
  for (let t = 0; ; ) {
    t += -Math.log(1 - random()) / peak;
    if (t >= row.durationS * 1000) break;
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const work = row.serviceModel.medianMs * Math.exp(row.serviceModel.sigma * z);
    if (random() < (loadAt(t) * capacityPerMs) / peak) arrivals.push({ at: t, work });
  }

  const result: OverloadResult = {
    id: row.id,
    offered: arrivals.length,
    answered: 0,
    inSlo: 0,
    shed: 0,
    latenciesMs: [],
    burstInSlo: 0,
    burstCapacity: row.bursts.reduce((sum, b) => sum + b.durationS * 1000 * capacityPerMs, 0),
    calmOffered: arrivals.filter((a) => calm(a.at)).length,
    calmShed: 0,
  };
  const active: { at: number; left: number }[] = [];
  const queue: { at: number; work: number }[] = [];
  const shed = (at: number) => {
    result.shed += 1;
    if (calm(at)) result.calmShed += 1;
  };
  let now = 0;
  let next = 0;
  while (next < arrivals.length || active.length > 0 || queue.length > 0) {
    const speed = active.length > row.providerConcurrency ? row.providerConcurrency / active.length : 1;
    let done = Number.POSITIVE_INFINITY;
    for (const a of active) done = Math.min(done, now + a.left / speed);
    const arrival = arrivals[next]?.at ?? Number.POSITIVE_INFINITY;
    const expiry = queue.length > 0 ? (queue[0] as { at: number }).at + plan.maxQueueWaitMs : Number.POSITIVE_INFINITY;
    const t = Math.min(done, arrival, expiry);
    for (const a of active) a.left -= (t - now) * speed;
    now = t;
    if (t === done) {
      for (let i = active.length - 1; i >= 0; i--) {
        const a = active[i] as { at: number; left: number };
        if (a.left > 1e-6) continue;
        active.splice(i, 1);
        const latency = now - a.at;
        result.answered += 1;
        result.latenciesMs.push(latency);
        if (latency <= SLO.latencyMs) {
          result.inSlo += 1;
          if (inBurst(a.at)) result.burstInSlo += 1;
        }
      }
      while (active.length < plan.maxConcurrent && queue.length > 0) {
        const waiting = queue.shift() as { at: number; work: number };
        active.push({ at: waiting.at, left: waiting.work });
      }
    } else if (t === expiry) {
      shed((queue.shift() as { at: number }).at);
    } else {
      const a = arrivals[next++] as { at: number; work: number };
      if (active.length < plan.maxConcurrent) active.push({ at: a.at, left: a.work });
      else if (queue.length < plan.maxQueue) queue.push(a);
      else shed(a.at);
    }
  }
  return result;
}
