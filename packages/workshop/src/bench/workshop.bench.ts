import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadContext } from '../commands/context.ts';
import type { Lab } from '../labs/repo.ts';
import type { LabResult } from '../results/schema.ts';
import { enableCompileCache } from '../runner/compile-cache.ts';
import { type CheckPart, startWatchSession } from '../runner/watch-session.ts';
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

/** One save in watch mode: from the write to the re-checked result, and to each half of it. */
interface Recheck {
  totalMs: number;
  testsMs: number;
  typesMs: number;
  /** Time spent inside the lab's test files (0 when the save re-ran none). */
  ownMs: number;
}

/** Milliseconds idle between two saves; a participant does not save faster than this. */
const SAVE_INTERVAL_MS = 1_000;

/**
 * Time from saving a file to the re-checked result in watch mode, through the same session
 * `pnpm workshop` runs (`startWatchSession`): vitest re-runs the affected tests while the
 * watching compiler re-checks the folder. Every source file of the lab's solution is edited in
 * turn (a real edit, a comment line, so nothing can skip it as unchanged); the original is
 * restored after each save, outside the measurement.
 */
async function benchRecheck(root: string, lab: Lab, minSaves: number): Promise<Recheck[]> {
  const srcDir = path.join(lab.solutionDir, 'src');
  const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: srcDir, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => path.join(srcDir, file));
  if (files.length === 0) throw new Error(`no source file in ${srcDir}`);

  let saved = 0;
  let started = new Set<CheckPart>();
  const ended = new Map<CheckPart, number>();
  let ownMs = 0;
  let finish: ((result: LabResult) => void) | undefined;
  const session = await startWatchSession(root, lab, 'solutions', {
    onCheckStart: (part) => started.add(part),
    onCheckEnd: (part, own) => {
      ended.set(part, performance.now() - saved);
      if (part === 'tests') ownMs = own ?? 0;
    },
    onResult: (result) => {
      // Every save restarts the compiler; the tests re-run only when a test imports the file.
      if (started.has('types')) finish?.(result);
    },
  });
  const nextResult = () => new Promise<LabResult>((resolve) => (finish = resolve));
  const rechecks: Recheck[] = [];
  let restore = () => {};
  try {
    await new Promise((resolve) => setTimeout(resolve, SAVE_INTERVAL_MS));
    for (let i = 0; i < Math.max(minSaves, files.length); i++) {
      const file = files[i % files.length] as string;
      const original = await readFile(file, 'utf8');
      restore = () => writeFileSync(file, original);
      started = new Set();
      ended.clear();
      ownMs = 0;
      const result = nextResult();
      saved = performance.now();
      await writeFile(file, `${original}\n// bench edit ${i}\n`);
      const checked = await result;
      rechecks.push({
        totalMs: performance.now() - saved,
        testsMs: ended.get('tests') ?? 0,
        typesMs: ended.get('types') ?? 0,
        ownMs,
      });
      if (checked.status !== 'pass')
        throw new Error(`${lab.id} did not pass during the bench: ${JSON.stringify(checked)}`);
      // Let the restore be re-checked too, then idle as a participant would between saves.
      started = new Set();
      const restored = nextResult();
      await writeFile(file, original);
      await restored;
      await new Promise((resolve) => setTimeout(resolve, SAVE_INTERVAL_MS));
    }
    return rechecks;
  } finally {
    restore();
    await session.close();
  }
}

export async function benchWorkshop(): Promise<void> {
  const { root, labs } = await loadContext();
  enableCompileCache(root);
  console.log(
    `\n## workshop CLI (${labs.length} labs, ${labs.reduce((n, l) => n + l.manifest.checkpoints.length, 0)} checkpoints)`,
  );
  const verify = benchVerifyAll(root, Number(process.env.BENCH_VERIFY_RUNS ?? 3));
  if (verify.length > 0)
    console.log(
      `verify --target solutions, all labs: median ${ms(median(verify))}, max ${ms(Math.max(...verify))} over ${verify.length} runs (target < 15000 ms)`,
    );
  const all: Recheck[] = [];
  const only = process.env.BENCH_LABS?.split(',');
  const benched = only ? labs.filter((l) => only.some((id) => l.id.startsWith(id))) : labs;
  for (const lab of benched) {
    const rechecks = await benchRecheck(root, lab, 5);
    all.push(...rechecks);
    const total = rechecks.map((r) => r.totalMs);
    console.log(
      `re-check ${lab.id.padEnd(22)} median ${ms(median(total))}, max ${ms(Math.max(...total))} over ${rechecks.length} saves ` +
        `(tests ${ms(median(rechecks.map((r) => r.testsMs)))} of which the lab's test code ${ms(median(rechecks.map((r) => r.ownMs)))}; ` +
        `types ${ms(median(rechecks.map((r) => r.typesMs)))})`,
    );
  }
  const total = all.map((r) => r.totalMs);
  const overhead = all.map((r) => r.totalMs - r.ownMs);
  console.log(
    `re-check one lab after a save (watch mode), ${benched.length === labs.length ? 'all ' : ''}${benched.length} labs: median ${ms(median(total))}, p95 ${ms(percentile(total, 95))}, ` +
      `max ${ms(Math.max(...total))} over ${all.length} saves ${SAVE_INTERVAL_MS} ms apart (target < 1000 ms)`,
  );
  console.log(
    `  the same without the time spent inside the labs' test code (the CLI's own cost: watcher, worker, type-check, scoring): ` +
      `median ${ms(median(overhead))}, p95 ${ms(percentile(overhead, 95))}, max ${ms(Math.max(...overhead))}`,
  );
}
