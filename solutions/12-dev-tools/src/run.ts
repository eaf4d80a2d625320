import pLimit from 'p-limit';
import { datasetHash } from './dataset-hash.ts';
import { EvalConfigError } from './errors.ts';
import type { CaseResult, EvalCase, RunResult, Score, Scorer, Target, TargetOutput, TrialResult } from './types.ts';

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

  // Hashed first: a dataset the hash cannot identify should not cost a full run's tokens.
  const hash = datasetHash(cases);
  const startedAt = clock().toISOString();
  const limit = pLimit(concurrency);
  const results = await Promise.all(
    cases.map((evalCase) =>
      Promise.all(
        Array.from({ length: trials }, (_, trial) =>
          limit(() => runTrial(evalCase, trial, target, scorers, now, signal)),
        ),
      ),
    ),
  );
  const caseResults: CaseResult[] = cases.map((evalCase, i) => {
    const trialResults = results[i] ?? [];
    return {
      id: evalCase.id,
      tags: evalCase.tags ?? [],
      trials: trialResults,
      passedTrials: trialResults.filter((t) => t.passed).length,
    };
  });
  return {
    name: options.name ?? 'eval',
    trials,
    scorerNames: names,
    cases: caseResults,
    startedAt,
    datasetHash: hash,
  };
}

async function runTrial<Input, Expected>(
  evalCase: EvalCase<Input, Expected>,
  trial: number,
  target: Target<Input>,
  scorers: readonly Scorer<Input, Expected>[],
  now: () => number,
  signal: AbortSignal | undefined,
): Promise<TrialResult> {
  signal?.throwIfAborted();
  const started = now();
  let answer: TargetOutput;
  try {
    const raw = await target(evalCase.input, signal ? { trial, signal } : { trial });
    answer = typeof raw === 'string' ? { output: raw } : raw;
  } catch (error) {
    const message = errorMessage(error);
    const scores = Object.fromEntries(
      scorers.map((s): [string, Score] => [s.name, { score: 0, passed: false, detail: `target error: ${message}` }]),
    );
    return { trial, output: '', error: message, scores, passed: false, latencyMs: now() - started, costUsd: 0 };
  }
  const latencyMs = now() - started;
  const scores: Record<string, Score> = {};
  for (const scorer of scorers) {
    try {
      scores[scorer.name] = await scorer.score({ case: evalCase, output: answer.output });
    } catch (error) {
      // A broken scorer (a judge that answered nonsense) fails closed: never a silent pass.
      scores[scorer.name] = { score: 0, passed: false, detail: `scorer error: ${errorMessage(error)}` };
    }
  }
  return {
    trial,
    output: answer.output,
    scores,
    passed: Object.values(scores).every((s) => s.passed),
    latencyMs,
    ...(answer.usage ? { usage: answer.usage } : {}),
    costUsd: answer.cost?.totalUsd ?? 0,
    ...(answer.meta ? { meta: answer.meta } : {}),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
