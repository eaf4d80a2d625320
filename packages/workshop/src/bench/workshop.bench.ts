import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestModule } from 'vitest/node';
import { loadContext } from '../commands/context.ts';
import type { Lab } from '../labs/repo.ts';
import { enableCompileCache } from '../runner/compile-cache.ts';
import { collectOutcomes, createLabVitest } from '../runner/run-tests.ts';
import { typecheck } from '../runner/typecheck.ts';
import { scoreLab } from '../runner/verify.ts';
import { median, ms, percentile } from './stats.ts';

const bin = path.resolve(import.meta.dirname, '../bin.ts');

/** Wall time of `workshop verify --target solutions` over every lab, as a participant runs it. */
function benchVerifyAll(root: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [bin, 'verify', '--target', 'solutions', '--json'], { cwd: root, stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return times;
}

/** Per save: when the tests had re-run and when the compiler had finished, from the save. */
const parts: { testsMs: number; typesMs: number }[] = [];

const recheckLine = (lab: Lab, times: number[]) =>
  `re-check ${lab.id} after a save (watch mode): median ${ms(median(times))}, p95 ${ms(percentile(times, 95))} over ${times.length} saves ` +
  `(tests re-run: median ${ms(median(parts.map((p) => p.testsMs)))}; type-check: median ${ms(median(parts.map((p) => p.typesMs)))}) (target < 1000 ms)`;

/**
 * Time from saving a file to the re-checked result in watch mode: a long-lived vitest session
 * re-runs the lab's tests while the compiler checks the folder, exactly as `pnpm workshop` does.
 */
async function benchRecheck(root: string, lab: Lab, saves: number): Promise<number[]> {
  const srcDir = path.join(lab.solutionDir, 'src');
  const file = execFileSync('git', ['ls-files', '*.ts'], { cwd: srcDir, encoding: 'utf8' }).split('\n')[0];
  if (!file) throw new Error(`no source file in ${srcDir}`);
  const target = path.join(srcDir, file);
  const original = await readFile(target, 'utf8');

  let finish: ((modules: readonly TestModule[]) => void) | undefined;
  const session = await createLabVitest(root, [lab], 'solutions', true, {
    onTestRunEnd: (modules) => finish?.(modules),
  });
  const nextRun = () => new Promise<readonly TestModule[]>((resolve) => (finish = resolve));
  try {
    const first = nextRun();
    await session.start();
    await first;
    const times: number[] = [];
    parts.length = 0;
    for (let i = 0; i < saves; i++) {
      const run = nextRun();
      const start = performance.now();
      // A real edit (a comment line), so that the compiler cannot skip the file as unchanged;
      // the original is restored below, outside the measurement.
      await writeFile(target, `${original}\n// bench edit ${i}\n`);
      let testsMs = 0;
      let typesMs = 0;
      const [modules, compileError] = await Promise.all([
        run.then((result) => {
          testsMs = performance.now() - start;
          return result;
        }),
        typecheck(root, lab.solutionDir).then((result) => {
          typesMs = performance.now() - start;
          return result;
        }),
      ]);
      parts.push({ testsMs, typesMs });
      const result = scoreLab(
        lab,
        collectOutcomes(root, [lab], modules).get(lab.id) ?? { tests: [], loadErrors: [] },
        compileError,
      );
      times.push(performance.now() - start);
      if (result.status !== 'pass')
        throw new Error(`${lab.id} did not pass during the bench: ${JSON.stringify(result)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return times;
  } finally {
    await writeFile(target, original);
    await session.close();
  }
}

export async function benchWorkshop(): Promise<void> {
  const { root, labs } = await loadContext();
  enableCompileCache(root);
  console.log(
    `\n## workshop CLI (${labs.length} labs, ${labs.reduce((n, l) => n + l.manifest.checkpoints.length, 0)} checkpoints)`,
  );
  const verify = benchVerifyAll(root, 3);
  console.log(
    `verify --target solutions, all labs: median ${ms(median(verify))}, max ${ms(Math.max(...verify))} over ${verify.length} runs (target < 15000 ms)`,
  );
  for (const lab of labs.slice(0, 3)) {
    const recheck = await benchRecheck(root, lab, 7);
    console.log(recheckLine(lab, recheck));
  }
}
