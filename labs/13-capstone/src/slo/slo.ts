/**
 * The service's SLO and its error budget, as data, and the types the three decisions of lab 13 share.
 * Given code: the same file in the starter and the solution.
 *
 *   99 % of the questions asked over 28 days get a guarded answer within 8 s
 *   (for a stream: 8 s to the first text).
 */
import type { AskStatus } from '../ask.ts';

export const SLO = {
  /** Share of the counted asks in the window that must be good. */
  target: 0.99,
  /** The SLO window in minutes: 28 days. */
  windowMinutes: 28 * 24 * 60,
  /** A good ask has its answer (a stream: its first text) within this many ms. */
  latencyMs: 8_000,
} as const;

/** What an alerting decision asks for at one minute. */
export type AlertLevel = 'page' | 'ticket' | 'none';

/** Windows over the per-minute SLI counts ending at the current minute (the alerting input). */
export interface BurnView {
  /** Minutes since the timeline began. */
  readonly minute: number;
  /** Bad asks the SLO allows in 28 days at this service's traffic: (1 - target) x asks in 28 days. */
  readonly budget: number;
  /** Counted asks (good plus bad) in the last `minutes` minutes (fewer when the timeline is younger). */
  total(minutes: number): number;
  /** Bad asks in the last `minutes` minutes. */
  bad(minutes: number): number;
  /** Error rate of the window over the budgeted rate (1 - target); 1 spends the budget in exactly 28 days; 0 without asks. */
  burnRate(minutes: number): number;
  /** Share of the 28-day error budget that the bad asks of the last `minutes` minutes spent. */
  budgetSpent(minutes: number): number;
}

/** How a counted ask ended, as the HTTP layer saw it: the input of the SLI. */
export interface AskOutcome {
  route: '/v1/ask' | '/v1/ask/stream';
  /** The HTTP status sent; 499 when the client hung up before the answer was complete. */
  httpStatus: number;
  /** The error code of a refusal or a failure (`overloaded`, `budget_exceeded`, `internal_error`…), also on a stream that failed after it opened. */
  errorCode?: string;
  /** How an answered question ended (`answered`, `no_result`, `degraded`, `withheld`…). */
  answerStatus?: AskStatus;
  /** From the request to the whole answer (JSON), to the first text (stream), or to the hang-up (499). */
  latencyMs: number;
}

/** What an ask does to the SLO: counted good, counted bad (spends budget), or not counted at all. */
export type SliVerdict = 'good' | 'bad' | 'excluded';
