/**
 * A fleet of Ollama replicas under random traffic, simulated in virtual time: nothing sleeps, and
 * the same seed gives the same traffic and the same figures. Given code: the same in the starter
 * and the solution; the DoD measures your serving plan with it.
 *
 * What is modelled, and why:
 * - Requests arrive at random (a Poisson process): bursts happen even at a low mean rate, and they
 *   are what a p95 is made of. A sequential benchmark never sees them.
 * - A load balancer sends each request to the replica with the fewest requests in it.
 * - A replica decodes at most `numParallel` requests at once (`OLLAMA_NUM_PARALLEL`) and queues the
 *   rest, first come first served, up to `maxQueue` (`OLLAMA_MAX_QUEUE`); past that it answers 503.
 * - Decoding is batched: each step gives every decoding request one token and takes
 *   `base + perSequence × decoding requests` ms, so more parallel requests raise the throughput of
 *   a replica and slow each of them down.
 * - A request first reads its prompt (prefill) at `prefillTokensPerSecond`, holding its slot. A
 *   replica reads one prompt at a time, and the requests already decoding wait for it: a long
 *   prompt arriving stalls every answer in progress on that replica.
 */
import { latencyPercentiles, seededRandom } from '@workshop/kit';
import { InvalidInputError } from './errors.ts';
import type { ServingScenario, ServingSettings, SimulationOptions, SimulationResult } from './types.ts';

/** Defaults of `simulateServing`'s options. */
export const SIMULATION_DEFAULTS = { requests: 2_000, seed: 1, maxQueue: 512 } as const;

/** Most requests one simulation may run: enough for a steady p99, small enough to stay fast. */
export const MAX_SIMULATED_REQUESTS = 100_000;
/** Most slots per replica, and most replicas, a simulation accepts. */
const MAX_SETTING = 1_000;

/** Spread of the lengths around their mean (log-normal σ): answers vary more than prompts. */
const INPUT_SIGMA = 0.5;
const OUTPUT_SIGMA = 0.7;
/** No answer is longer than this many times the mean (a `max_tokens` cap). */
const OUTPUT_CAP = 6;

interface Slot {
  request: number;
  decoding: boolean;
  /** The replica's `served` count at which its answer is complete. */
  target: number;
}

interface Replica {
  slots: Slot[];
  /** Slots admitted and waiting to have their prompt read, in order; the first is being read. */
  prompts: Slot[];
  /** When the prompt being read is done, s. */
  promptEnd: number;
  queue: number[];
  queueHead: number;
  /** Tokens each decoding request has received so far (all progress at the same rate). */
  served: number;
  /** Time `served` was last brought up to date, s. */
  at: number;
  /** The smallest `target` of its decoding slots: the next answer to complete. */
  soonestTarget: number;
  /** Time of its next event (a prompt read, an answer complete), s. */
  next: number;
  busySince: number;
  busySeconds: number;
}

/**
 * Simulates `settings` (parallel slots per replica, replicas) under `scenario`'s traffic and server
 * profile. Throws `InvalidInputError` naming the field on a value that is not a positive number
 * (or not a whole number where one is needed).
 */
export function simulateServing(
  scenario: Pick<ServingScenario, 'traffic' | 'server'>,
  settings: ServingSettings,
  options: SimulationOptions = {},
): SimulationResult {
  const { traffic, server } = scenario;
  positive(traffic.arrivalsPerSecond, 'traffic.arrivalsPerSecond');
  positive(traffic.inputTokens, 'traffic.inputTokens');
  positive(traffic.outputTokens, 'traffic.outputTokens');
  positive(server.prefillTokensPerSecond, 'server.prefillTokensPerSecond');
  positive(server.stepMs.base, 'server.stepMs.base');
  if (!(server.stepMs.perSequence >= 0))
    throw new InvalidInputError(`server.stepMs.perSequence must be zero or more, got ${server.stepMs.perSequence}`);
  const parallel = whole(settings.numParallel, 'numParallel', 1, MAX_SETTING);
  const replicaCount = whole(settings.replicas, 'replicas', 1, MAX_SETTING);
  const n = whole(options.requests ?? SIMULATION_DEFAULTS.requests, 'requests', 1, MAX_SIMULATED_REQUESTS);
  const maxQueue = whole(options.maxQueue ?? SIMULATION_DEFAULTS.maxQueue, 'maxQueue', 0, MAX_SIMULATED_REQUESTS);

  const { arrival, prefillSeconds, outputTokens } = drawTraffic(
    traffic,
    server.prefillTokensPerSecond,
    options.seed ?? SIMULATION_DEFAULTS.seed,
    n,
  );

  const stepSeconds = (decoding: number) => (server.stepMs.base + server.stepMs.perSequence * decoding) / 1000;
  const decodingCount = (replica: Replica) => replica.slots.length - replica.prompts.length;
  // Tokens per second each decoding request gets; nothing while a prompt is being read.
  const rate = (replica: Replica) =>
    replica.prompts.length > 0 || decodingCount(replica) === 0 ? 0 : 1 / stepSeconds(decodingCount(replica));
  const advance = (replica: Replica, t: number) => {
    replica.served += (t - replica.at) * rate(replica);
    replica.at = t;
  };
  const nextEvent = (replica: Replica) => {
    if (replica.prompts.length > 0) return replica.promptEnd;
    if (replica.slots.length === 0) return Number.POSITIVE_INFINITY;
    return replica.at + Math.max(0, replica.soonestTarget - replica.served) / rate(replica);
  };
  const replicas: Replica[] = Array.from({ length: replicaCount }, () => ({
    slots: [],
    prompts: [],
    promptEnd: 0,
    queue: [],
    queueHead: 0,
    served: 0,
    at: 0,
    soonestTarget: Number.POSITIVE_INFINITY,
    next: Number.POSITIVE_INFINITY,
    busySince: 0,
    busySeconds: 0,
  }));

  const latency = new Float64Array(n);
  let answered = 0;
  let waited = 0;
  let admitted = 0;
  let rejected = 0;
  let finished = 0;
  let now = 0;

  const admit = (replica: Replica, request: number, t: number) => {
    advance(replica, t);
    if (replica.slots.length === 0) replica.busySince = t;
    const slot = { request, decoding: false, target: 0 };
    replica.slots.push(slot);
    replica.prompts.push(slot);
    if (replica.prompts.length === 1) replica.promptEnd = t + (prefillSeconds[request] as number);
    waited += t - (arrival[request] as number);
    admitted += 1;
  };

  let nextArrival = 0;
  while (finished < n) {
    let soonest: Replica | undefined;
    for (const replica of replicas) if (!soonest || replica.next < soonest.next) soonest = replica;
    const arrivalAt = nextArrival < n ? (arrival[nextArrival] as number) : Number.POSITIVE_INFINITY;
    if (!soonest) break;

    if (arrivalAt <= soonest.next) {
      // An arrival: the least busy replica takes it, queues it, or refuses it.
      now = arrivalAt;
      let target = soonest;
      let load = Number.POSITIVE_INFINITY;
      for (const replica of replicas) {
        const inIt = replica.slots.length + replica.queue.length - replica.queueHead;
        if (inIt < load) {
          load = inIt;
          target = replica;
        }
      }
      if (target.slots.length < parallel) {
        admit(target, nextArrival, now);
        target.next = nextEvent(target);
      } else if (target.queue.length - target.queueHead < maxQueue) {
        target.queue.push(nextArrival);
      } else {
        rejected += 1;
        finished += 1;
      }
      nextArrival += 1;
      continue;
    }

    // A replica's own event: a prompt read, or answers complete; queued requests take free slots.
    const replica = soonest;
    now = replica.next;
    advance(replica, now);
    const read = replica.prompts.length > 0 ? replica.prompts.shift() : undefined;
    if (read) {
      read.decoding = true;
      read.target = replica.served + (outputTokens[read.request] as number);
      replica.soonestTarget = Math.min(replica.soonestTarget, read.target);
      const following = replica.prompts[0];
      if (following) replica.promptEnd = now + (prefillSeconds[following.request] as number);
    } else {
      // Compacts the slots in place (no garbage per event: this loop runs a few thousand times per run).
      const { slots } = replica;
      let kept = 0;
      let soonestTarget = Number.POSITIVE_INFINITY;
      for (const slot of slots) {
        if (slot.decoding && slot.target - replica.served <= 1e-6) {
          latency[answered++] = now - (arrival[slot.request] as number);
          finished += 1;
        } else {
          slots[kept++] = slot;
          soonestTarget = Math.min(soonestTarget, slot.target);
        }
      }
      slots.length = kept;
      replica.soonestTarget = soonestTarget;
      if (kept === 0) replica.busySeconds += now - replica.busySince;
    }
    while (replica.slots.length < parallel && replica.queueHead < replica.queue.length) {
      admit(replica, replica.queue[replica.queueHead++] as number, now);
    }
    if (replica.queueHead > 1024) {
      replica.queue = replica.queue.slice(replica.queueHead);
      replica.queueHead = 0;
    }
    replica.next = nextEvent(replica);
  }

  // A refused request never gets an answer: it counts as slower than any answered one. (Sorted
  // here as floats, which is fast; the percentiles then read the sorted values.)
  latency.fill(Number.MAX_VALUE, answered).sort();
  const { p50, p95, p99 } = latencyPercentiles(Array.from(latency));
  const unanswered = (seconds: number) => (seconds === Number.MAX_VALUE ? Number.POSITIVE_INFINITY : seconds);
  return {
    requests: n,
    rejected,
    p50Seconds: unanswered(p50),
    p95Seconds: unanswered(p95),
    p99Seconds: unanswered(p99),
    meanWaitSeconds: admitted > 0 ? waited / admitted : 0,
    busyShare: now > 0 ? replicas.reduce((sum, r) => sum + r.busySeconds, 0) / (replicaCount * now) : 0,
  };
}

/** Traffic drawn from a seed: arrival times, prompt-read times and answer lengths, per request. */
interface Traffic {
  arrival: Float64Array;
  prefillSeconds: Float64Array;
  outputTokens: Float64Array;
}

// A planner simulates the same traffic under many settings, and drawing it (a logarithm, a cosine
// and two exponentials per request) is a fifth of a run: the last few draws are kept. Read-only.
const drawn = new Map<string, Traffic>();
const DRAWS_KEPT = 8;

function drawTraffic(
  traffic: ServingScenario['traffic'],
  prefillTokensPerSecond: number,
  seed: number,
  n: number,
): Traffic {
  const key = `${seed} ${n} ${traffic.arrivalsPerSecond} ${traffic.inputTokens} ${traffic.outputTokens} ${prefillTokensPerSecond}`;
  const kept = drawn.get(key);
  if (kept) return kept;
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const around = (meanTokens: number, sigma: number) =>
    Math.max(1, Math.round(meanTokens * Math.exp(sigma * normal() - (sigma * sigma) / 2)));
  const draw: Traffic = {
    arrival: new Float64Array(n),
    prefillSeconds: new Float64Array(n),
    outputTokens: new Float64Array(n),
  };
  let clock = 0;
  for (let i = 0; i < n; i++) {
    clock += -Math.log(1 - random()) / traffic.arrivalsPerSecond;
    draw.arrival[i] = clock;
    draw.prefillSeconds[i] = around(traffic.inputTokens, INPUT_SIGMA) / prefillTokensPerSecond;
    draw.outputTokens[i] = Math.min(
      around(traffic.outputTokens, OUTPUT_SIGMA),
      Math.ceil(OUTPUT_CAP * traffic.outputTokens),
    );
  }
  if (drawn.size >= DRAWS_KEPT) drawn.delete(drawn.keys().next().value as string);
  drawn.set(key, draw);
  return draw;
}

function positive(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new InvalidInputError(`${field} must be a positive number, got ${value}`);
}

function whole(value: number, field: string, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max))
    throw new InvalidInputError(`${field} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}
