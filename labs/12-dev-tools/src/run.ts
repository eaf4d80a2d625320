import pLimit from 'p-limit';
import { EvalConfigError } from './errors.ts';
import type { EvalCase, RunResult, Scorer, Target, TrialResult } from './types.ts';

/** Options of `runEval`. */
export interface RunOptions<Input, Expected> {
  /** Name shown in the report. */
  name?: string;
  /** The dataset. */
  cases: readonly EvalCase<Input, Expected>[];
  /** What is evaluated. (`NoInfer`: the types come from `cases`, so a generic scorer fits any dataset.) */
  target: Target<NoInfer<Input>>;
  /** How outputs are graded; names must be unique. */
  scorers: readonly Scorer<NoInfer<Input>, NoInfer<Expected>>[];
  /** Calls per case, for non-deterministic targets (pass rate and pass@k). Default 1. */
  trials?: number;
  /** Target calls in flight at once: stay under the provider's rate limit. Default 4. */
  concurrency?: number;
  /** Cancels calls not yet started and is passed to targets. */
  signal?: AbortSignal;
  /** Monotonic clock in ms for latencies (injected in tests). Default `performance.now`. */
  now?: () => number;
  /** Wall clock for `startedAt`. Default `() => new Date()`. */
  clock?: () => Date;
}

/**
 * Runs every case `trials` times through the target with at most `concurrency` calls in flight,
 * and grades each output with every scorer. A target or scorer that throws fails that trial or
 * score with its message; the run goes on (one flaky case must not lose the other results).
 * Results come back in dataset order, whatever order the calls finish in.
 */
export async function runEval<Input, Expected>(options: RunOptions<Input, Expected>): Promise<RunResult> {
  const { cases, target, scorers, trials = 1, concurrency = 4, signal } = options;
  const now = options.now ?? (() => performance.now());
  const clock = options.clock ?? (() => new Date());
  if (!Number.isInteger(trials) || trials < 1)
    throw new EvalConfigError(`trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new EvalConfigError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  if (scorers.length === 0) throw new EvalConfigError('at least one scorer is needed');
  const names = scorers.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new EvalConfigError(`two scorers are named "${duplicate}": names must be unique`);

  // TODO: `const limit = pLimit(concurrency)`; for every case and every trial 0..trials-1 schedule
  //       `limit(() => runTrial(evalCase, trial, target, scorers, now, signal))` and await them all
  //       with Promise.all — keep the nesting (cases → trials) so results stay in dataset order.
  // TODO: build one CaseResult per case: { id, tags: tags ?? [], trials, passedTrials: trials that passed }.
  // TODO: return { name: options.name ?? 'eval', trials, scorerNames: names, cases, startedAt: clock().toISOString() }
  //       (read the clock BEFORE the calls start).
  void cases;
  void target;
  void pLimit;
  void clock;
  void now;
  void signal;
  void runTrial;
  throw new Error('TODO: runEval — run every case and trial through the target with p-limit (DoD-2)');
}

async function runTrial<Input, Expected>(
  evalCase: EvalCase<Input, Expected>,
  trial: number,
  target: Target<Input>,
  scorers: readonly Scorer<Input, Expected>[],
  now: () => number,
  signal: AbortSignal | undefined,
): Promise<TrialResult> {
  // TODO: `signal?.throwIfAborted()`, then time the target call with `now()` before and after.
  // TODO: call `target(evalCase.input, { trial, signal })`; a string answer means `{ output: answer }`.
  // TODO: if the target throws, DON'T rethrow: return a failed TrialResult with `error: message`, `output: ''`,
  //       `costUsd: 0` and, for every scorer, `{ score: 0, passed: false, detail: `target error: ${message}` }`.
  // TODO: otherwise run every scorer on `{ case: evalCase, output }`; a scorer that throws gets
  //       `{ score: 0, passed: false, detail: `scorer error: ${message}` }` (fail closed).
  // TODO: return { trial, output, scores, passed: every score passed, latencyMs, usage?, costUsd: cost?.totalUsd ?? 0, meta? }.
  void evalCase;
  void trial;
  void target;
  void scorers;
  void now;
  void signal;
  void errorMessage;
  throw new Error('TODO: runTrial — call the target once and grade the output (DoD-2)');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
