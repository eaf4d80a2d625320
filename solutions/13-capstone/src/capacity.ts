/**
 * DoD-2: how many questions the service answers at once, how many may wait, and how long, from
 * what was measured — never from the traffic we hope for.
 *
 * - In progress: the provider's own concurrency. Fewer leaves paid capacity idle in a burst; more
 *   slows every call in progress at once (the provider shares itself), so all of them miss the SLO.
 * - Wait: what the SLO leaves after a slow (p99) answer. A question that waited longer would be
 *   answered late, which spends the error budget and the provider's tokens for nothing.
 * - Queue: what the provider can work off within that wait (Little's law: concurrency over the mean
 *   service time, times the wait). A longer queue only turns sheds into timeouts; a shorter one
 *   sheds questions that would have been answered in time.
 * Shed questions get 429 with Retry-After from the measured service time (admission.ts).
 */
import type { AdmissionPlan, MeasuredCapacity } from './load/overload-sim.ts';

/** The admission settings for a provider measured as `measured`. */
export function planAdmission(measured: MeasuredCapacity): AdmissionPlan {
  const maxConcurrent = measured.providerConcurrency;
  const maxQueueWaitMs = Math.max(0, Math.floor(measured.latencySloMs - measured.serviceMs.p99));
  const maxQueue = Math.floor((maxQueueWaitMs / measured.serviceMs.mean) * maxConcurrent);
  return { maxConcurrent, maxQueue, maxQueueWaitMs };
}
