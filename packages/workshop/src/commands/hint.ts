import { WorkshopError } from '../errors.ts';
import { selectLabs } from '../labs/repo.ts';
import { readProgress } from '../results/progress.ts';
import type { Context } from './context.ts';

/**
 * `workshop hint <lab> [--level N] [--checkpoint DoD-n]`: the hint for the first checkpoint
 * that has not passed yet (from saved progress), at level N (1 = a nudge … last = nearly the answer).
 */
export async function hintCommand(
  context: Context,
  labId: string | undefined,
  options: { level?: string; checkpoint?: string },
): Promise<number> {
  if (!labId) throw new WorkshopError('hint needs a lab id, e.g. `workshop hint 01-foundations`');
  const [lab] = selectLabs(context.labs, [labId]);
  if (!lab) return 1;
  const progress = await readProgress(context.root);
  const saved = progress.labs[lab.id];
  const checkpoints = lab.manifest.checkpoints;
  const allPassed =
    saved !== undefined && checkpoints.every((c) => saved.checkpoints.find((s) => s.id === c.id)?.status === 'pass');
  if (allPassed && !options.checkpoint) {
    process.stdout.write(
      `${lab.id}: every checkpoint passes; nothing to hint. For a given one: workshop hint ${lab.id} --checkpoint DoD-n\n`,
    );
    return 0;
  }
  const checkpoint = options.checkpoint
    ? checkpoints.find((c) => c.id === options.checkpoint)
    : (checkpoints.find((c) => saved?.checkpoints.find((s) => s.id === c.id)?.status !== 'pass') ?? checkpoints[0]);
  if (!checkpoint) {
    throw new WorkshopError(
      `lab ${lab.id} has no checkpoint "${options.checkpoint}"; it has ${checkpoints.map((c) => c.id).join(', ')}`,
    );
  }
  const level = options.level === undefined ? 1 : Number(options.level);
  if (!Number.isInteger(level) || level < 1 || level > checkpoint.hints.length) {
    throw new WorkshopError(
      `--level must be a whole number from 1 to ${checkpoint.hints.length}, got "${options.level}"`,
    );
  }
  process.stdout.write(
    `${lab.id} ${checkpoint.id} ${checkpoint.title}\nHint ${level}/${checkpoint.hints.length}: ${checkpoint.hints[level - 1]}\n`,
  );
  if (level < checkpoint.hints.length) {
    process.stdout.write(`More: workshop hint ${lab.id} --checkpoint ${checkpoint.id} --level ${level + 1}\n`);
  }
  return 0;
}
