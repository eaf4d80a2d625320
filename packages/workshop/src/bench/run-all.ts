import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '../labs/repo.ts';
import { benchWorkshop } from './workshop.bench.ts';

/**
 * `pnpm bench`: the workshop's own figures, then every `bench/*.bench.ts` script of the
 * packages and solutions, each in its own process so one cannot skew another's memory figures.
 */
async function main(): Promise<void> {
  const root = findRepoRoot();
  console.log(
    `# pnpm bench — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
  );
  await benchWorkshop();
  for (const group of ['packages', 'solutions']) {
    for (const name of readdirSync(path.join(root, group)).sort()) {
      const dir = path.join(root, group, name, 'bench');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .sort()) {
        console.log(`\n## ${group}/${name}/bench/${file}`);
        execFileSync(process.execPath, ['--expose-gc', path.join(dir, file)], {
          cwd: path.join(root, group, name),
          stdio: 'inherit',
        });
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
