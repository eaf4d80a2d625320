import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { styleText } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { WorkshopError } from '../errors.ts';
import { requireSolution, selectLabs } from '../labs/repo.ts';
import type { Context } from './context.ts';

async function sourceFiles(dir: string, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? sourceFiles(full, base) : [path.relative(base, full)];
    }),
  );
  return files.flat().sort();
}

function colour(line: string): string {
  const stream = { stream: process.stdout };
  if (line.startsWith('+') && !line.startsWith('+++')) return styleText('green', line, stream);
  if (line.startsWith('-') && !line.startsWith('---')) return styleText('red', line, stream);
  if (line.startsWith('@@')) return styleText('cyan', line, stream);
  return line;
}

/** `workshop diff <lab>`: the participant's `src/` against the reference solution, file by file. */
export async function diffCommand(context: Context, labId: string | undefined): Promise<number> {
  if (!labId) throw new WorkshopError('diff needs a lab id, e.g. `workshop diff 01-foundations`');
  const [lab] = selectLabs(context.labs, [labId]);
  if (!lab) return 1;
  requireSolution(context.root, lab);
  const mine = path.join(lab.labDir, 'src');
  const reference = path.join(lab.solutionDir, 'src');
  const files = [...new Set([...(await sourceFiles(mine)), ...(await sourceFiles(reference))])].sort();
  let differences = 0;
  for (const file of files) {
    const read = async (dir: string) =>
      existsSync(path.join(dir, file)) ? readFile(path.join(dir, file), 'utf8') : '';
    const [left, right] = await Promise.all([read(mine), read(reference)]);
    if (left === right) continue;
    differences++;
    const patch = createTwoFilesPatch(
      `labs/${lab.id}/src/${file}`,
      `solutions/${lab.id}/src/${file}`,
      left,
      right,
      'yours',
      'reference',
    );
    process.stdout.write(`${patch.split('\n').map(colour).join('\n')}\n`);
  }
  if (differences === 0) process.stdout.write(`labs/${lab.id}/src matches the reference solution.\n`);
  return 0;
}
