import type { Lab } from '../labs/repo.ts';
import { checkpointMetrics } from '../results/metrics.ts';
import type { CheckpointResult, LabResult, Target, VerifyReport } from '../results/schema.ts';
import { type LabTestOutcome, runLabTests } from './run-tests.ts';
import { type CompileError, typecheckFolders } from './typecheck.ts';

const CHECKPOINT_PREFIX = /^(DoD-\d+)\b/;

/** The checkpoint id a test belongs to, from the start of its full name. */
export function checkpointOf(fullName: string): string | undefined {
  return CHECKPOINT_PREFIX.exec(fullName)?.[1];
}

/** The folder whose code is checked for a lab and target. */
export function targetDir(lab: Lab, target: Target): string {
  return target === 'labs' ? lab.labDir : lab.solutionDir;
}

/** Turns raw test outcomes (and a compile error, if any) into the stable per-checkpoint result. */
export function scoreLab(lab: Lab, outcome: LabTestOutcome, compileError?: CompileError): LabResult {
  const testsOf = (id: string) => outcome.tests.filter((test) => checkpointOf(test.fullName) === id);
  // A malformed metric is the lab author's bug: the lab cannot be scored as written.
  const metricProblem = lab.manifest.checkpoints.map(({ id }) => checkpointMetrics(testsOf(id))).find((m) => m.problem);
  const problem = compileError
    ? `does not compile: ${compileError.message}`
    : outcome.loadErrors[0]
      ? `${outcome.loadErrors[0].file} failed to load: ${outcome.loadErrors[0].message}`
      : metricProblem?.problem;

  const checkpoints: CheckpointResult[] = lab.manifest.checkpoints.map(({ id, title }) => {
    if (problem) return { id, title, status: 'fail', message: problem };
    const tests = testsOf(id);
    if (tests.length === 0) return { id, title, status: 'fail', message: `no test is named after ${id}` };
    const measured = checkpointMetrics(tests);
    const metrics = measured.metrics?.length ? { metrics: measured.metrics } : {};
    const failed = tests.find((test) => test.state !== 'passed');
    if (!failed) return { id, title, status: 'pass', message: '', ...metrics };
    const name = failed.fullName.replace(CHECKPOINT_PREFIX, '').replace(/^[\s:>—-]+/, '');
    const why = failed.state === 'failed' ? failed.message : `test was ${failed.state}`;
    return { id, title, status: 'fail', message: `${name}: ${why}`, ...metrics };
  });

  const status = problem ? 'error' : checkpoints.every((c) => c.status === 'pass') ? 'pass' : 'fail';
  return { id: lab.id, title: lab.manifest.title, status, ...(problem ? { message: problem } : {}), checkpoints };
}

/** Runs type-checks and DoD tests for `labs` against `target` and scores them. */
export async function verifyLabs(root: string, labs: Lab[], target: Target): Promise<VerifyReport> {
  return (await verifyLabsWithOutcomes(root, labs, target)).report;
}

/** As `verifyLabs`, also returning the raw test outcomes (the author checks read test names). */
export async function verifyLabsWithOutcomes(
  root: string,
  labs: Lab[],
  target: Target,
): Promise<{ report: VerifyReport; outcomes: Map<string, LabTestOutcome> }> {
  const [outcomes, compileErrors] = await Promise.all([
    runLabTests(root, labs, target),
    typecheckFolders(
      root,
      labs.map((lab) => targetDir(lab, target)),
    ),
  ]);
  const report: VerifyReport = {
    version: 1,
    target,
    labs: labs.map((lab) =>
      scoreLab(lab, outcomes.get(lab.id) ?? { tests: [], loadErrors: [] }, compileErrors.get(lab.id)),
    ),
  };
  return { report, outcomes };
}
