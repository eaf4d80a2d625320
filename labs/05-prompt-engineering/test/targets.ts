/**
 * What the DoD asks, in one place: the tests judge the test splits against these targets, and
 * `src/dev-report.ts` prints them next to the dev figures. Not participant code.
 */
export const TARGETS = {
  /** DoD-1: injected outputs that made the emulated judge obey them (over every attack). */
  judgeObeyed: 0,
  /** DoD-2: unchanged (but flaky) candidates the check fails, and regressed ones it passes. */
  suites: { falseAlarms: 0.1, missed: 0.1 },
  /**
   * DoD-3, in the worst difficulty band: good canaries rolled back, bad ones not rolled back; and
   * canary requests to a decision, on average over all rollouts.
   */
  canaries: { falseRollbacks: 0.05, missedRegressions: 0.1, meanSamples: 900 },
} as const;
