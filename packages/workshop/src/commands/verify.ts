import { requireSolution, selectLabs } from '../labs/repo.ts';
import { saveProgress } from '../results/progress.ts';
import type { Target } from '../results/schema.ts';
import { verifyLabs } from '../runner/verify.ts';
import { renderLabResult } from '../ui/render.ts';
import type { Context } from './context.ts';

/**
 * `workshop verify [lab…] [--target labs|solutions] [--json]`: runs the DoD tests once.
 * Exit code 1 when any checkpoint fails. Results against `labs` are saved as progress.
 */
export async function verifyCommand(
  context: Context,
  ids: string[],
  options: { target: Target; json: boolean },
): Promise<number> {
  const labs = selectLabs(context.labs, ids);
  if (options.target === 'solutions') for (const lab of labs) requireSolution(context.root, lab);
  const report = await verifyLabs(context.root, labs, options.target);
  if (options.target === 'labs') await saveProgress(context.root, report.labs);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const lab of report.labs) process.stdout.write(`${renderLabResult(lab)}\n\n`);
  }
  return report.labs.every((lab) => lab.status === 'pass') ? 0 : 1;
}
