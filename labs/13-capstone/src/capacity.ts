/**
 * DoD-2: how many questions the service answers at once, how many may wait, and how long, from
 * what was measured — never from the traffic we hope for.
 */
import type { AdmissionPlan, MeasuredCapacity } from './load/overload-sim.ts';

/** The admission settings for a provider measured as `measured`. */
export function planAdmission(measured: MeasuredCapacity): AdmissionPlan {
  // TODO (DoD-2): choose how many questions are answered at once, how many may wait and for how long,
  //   from the provider's measured concurrency and service times and the SLO's latency bound. Judged on
  //   the test split's overload scenarios (test/dod-2-overload.test.ts): at most 1 % of the answers
  //   later than the SLO, at least 90 % of the provider's capacity answered in time during bursts, at
  //   most 1 % shed in calm traffic. Calibrate on dev only: node labs/13-capstone/src/dev-report.ts
  void measured;
  throw new Error('TODO (DoD-2): plan the admission limits from the measurements');
}
