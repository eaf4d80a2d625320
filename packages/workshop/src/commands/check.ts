import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseRows } from '@workshop/testkit/datasets';
import { type Lab, labFoldersWithoutManifest, selectLabs } from '../labs/repo.ts';
import type { LabResult } from '../results/schema.ts';
import type { LabTestOutcome } from '../runner/run-tests.ts';
import { checkpointOf, verifyLabsWithOutcomes } from '../runner/verify.ts';
import type { Context } from './context.ts';

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Static rules every lab must follow (CONTRIBUTING.md); one message per broken rule. */
async function staticProblems(context: Context, ids: string[]): Promise<string[]> {
  const problems: string[] = [];
  if (ids.length === 0) {
    for (const folder of await labFoldersWithoutManifest(context.root))
      problems.push(`${folder}/lab.yaml: missing lab manifest`);
  }
  for (const lab of selectLabs(context.labs, ids)) {
    const rel = (file: string) => path.relative(context.root, file);
    for (const file of [path.join(lab.labDir, 'README.md'), path.join(lab.solutionDir, 'README.md')]) {
      if (!existsSync(file)) problems.push(`${rel(file)}: missing`);
    }
    if (!existsSync(path.join(lab.solutionDir, 'src')))
      problems.push(`${rel(lab.solutionDir)}/src: missing (a lab without a solution)`);
    const starter = (await filesUnder(path.join(lab.labDir, 'src'))).filter((file) => file.endsWith('.ts'));
    const todos = await Promise.all(starter.map(async (file) => (await readFile(file, 'utf8')).includes('// TODO')));
    if (!todos.some(Boolean))
      problems.push(`${rel(lab.labDir)}/src: no \`// TODO\` marker tells the participant what to change`);
    const solution = new Set(
      (await filesUnder(path.join(lab.solutionDir, 'src'))).map((file) => path.relative(lab.solutionDir, file)),
    );
    for (const file of starter) {
      const mirror = path.relative(lab.labDir, file);
      if (!solution.has(mirror)) problems.push(`${rel(file)}: has no mirror in ${rel(lab.solutionDir)}/${mirror}`);
    }
  }
  return problems;
}

/** Test names must carry a checkpoint id, and every checkpoint needs a test. */
function namingProblems(context: Context, outcomes: Map<string, LabTestOutcome>): string[] {
  const problems: string[] = [];
  for (const lab of context.labs) {
    const outcome = outcomes.get(lab.id);
    if (!outcome) continue;
    const ids = new Set(lab.manifest.checkpoints.map((c) => c.id));
    for (const test of outcome.tests) {
      const id = checkpointOf(test.fullName);
      if (!id) problems.push(`labs/${lab.id}: test "${test.fullName}" does not start with a checkpoint id (DoD-n)`);
      else if (!ids.has(id))
        problems.push(`labs/${lab.id}: test "${test.fullName}" names ${id}, which lab.yaml does not define`);
    }
  }
  return problems;
}

/**
 * Every DoD test, not only every checkpoint, must fail on the untouched starter: a test that
 * passes there judges given code, not the participant's work (move it out of the DoD files).
 * Labs whose starter cannot be checked at all (`error`) are reported by `expectAll` instead.
 */
function testsPassingOnStarter(results: LabResult[], outcomes: Map<string, LabTestOutcome>): string[] {
  const problems: string[] = [];
  for (const lab of results) {
    if (lab.status === 'error') continue;
    for (const test of outcomes.get(lab.id)?.tests ?? []) {
      if (test.state !== 'passed') continue;
      problems.push(
        `${test.file}: "${test.fullName}" passes on the untouched starter: it judges given code, not the participant's`,
      );
    }
  }
  return problems;
}

/**
 * Decision labs calibrate on `dev` and are judged on `test`: both splits must parse, hold rows,
 * and share none (a row in both would let a participant tune to what is judged).
 */
async function datasetProblems(context: Context, labs: Lab[]): Promise<string[]> {
  const problems: string[] = [];
  for (const lab of labs) {
    for (const [name, dataset] of Object.entries(lab.manifest.datasets ?? {})) {
      const rows: Partial<Record<'dev' | 'test', Set<string>>> = {};
      for (const split of ['dev', 'test'] as const) {
        const file = path.join(lab.labDir, dataset[split]);
        const shown = path.relative(context.root, file);
        try {
          const parsed = parseRows<unknown>(await readFile(file, 'utf8'), shown);
          if (parsed.length === 0) problems.push(`${shown}: the ${split} split of dataset "${name}" has no rows`);
          rows[split] = new Set(parsed.map((row) => JSON.stringify(row)));
        } catch (error) {
          problems.push(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
        }
      }
      const shared = [...(rows.dev ?? [])].filter((row) => rows.test?.has(row));
      if (shared.length > 0) {
        problems.push(
          `${path.relative(context.root, path.join(lab.labDir, dataset.test))}: ${shared.length} row(s) of dataset "${name}" are also in the dev split, e.g. ${shared[0]?.slice(0, 80)}`,
        );
      }
    }
  }
  return problems;
}

function expectAll(results: LabResult[], want: 'pass' | 'fail', target: string): string[] {
  const problems: string[] = [];
  for (const lab of results) {
    if (want === 'pass' && lab.status === 'error') problems.push(`${target}/${lab.id}: ${lab.message}`);
    for (const checkpoint of lab.checkpoints) {
      if (checkpoint.status !== want) {
        const why =
          want === 'fail'
            ? 'passes on the starter: the test cannot tell unfinished code from finished'
            : checkpoint.message;
        problems.push(`${target}/${lab.id} ${checkpoint.id}: ${why}`);
      }
    }
  }
  return problems;
}

/**
 * `workshop check [lab…]` (for authors): every checkpoint FAILS on its starter and PASSES on its
 * solution, and every lab has its README, manifest, TODO markers, hints and mirrored files.
 */
export async function checkCommand(context: Context, ids: string[]): Promise<number> {
  const labs = selectLabs(context.labs, ids);
  const problems = await staticProblems(context, ids);
  problems.push(...(await datasetProblems(context, labs)));
  const starters = await verifyLabsWithOutcomes(context.root, labs, 'labs');
  const withSolution = labs.filter((lab) => existsSync(path.join(lab.solutionDir, 'src')));
  const solutions = await verifyLabsWithOutcomes(context.root, withSolution, 'solutions');
  // Test names are read from the solution run, where every test file loads.
  problems.push(...namingProblems({ ...context, labs: withSolution }, solutions.outcomes));
  const starterProblems = [
    ...expectAll(starters.report.labs, 'fail', 'labs'),
    ...testsPassingOnStarter(starters.report.labs, starters.outcomes),
  ];
  const solutionProblems = expectAll(solutions.report.labs, 'pass', 'solutions');
  problems.push(...starterProblems, ...solutionProblems);

  const checkpoints = labs.reduce((sum, lab) => sum + lab.manifest.checkpoints.length, 0);
  for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
  const expected = checkpoints * 2;
  const tests = [...starters.outcomes.values()].reduce((sum, outcome) => sum + outcome.tests.length, 0);
  const met = Math.max(0, expected - expectAll(starters.report.labs, 'fail', 'labs').length - solutionProblems.length);
  process.stdout.write(
    `workshop check: ${labs.length} labs, ${checkpoints} checkpoints, ${tests} DoD tests; each checkpoint and each test must fail on its starter, each checkpoint pass on its solution\n` +
      `check: ${met} passed, ${problems.length} failed\n`,
  );
  return problems.length === 0 ? 0 : 1;
}
