import { readProgress } from '../results/progress.ts';
import { renderList } from '../ui/render.ts';
import type { Context } from './context.ts';

/** `workshop list [--json]`: the labs in order, with the progress saved by the last checks. */
export async function listCommand(context: Context, options: { json: boolean }): Promise<number> {
  const progress = await readProgress(context.root);
  if (options.json) {
    const labs = context.labs.map((lab) => ({
      id: lab.id,
      title: lab.manifest.title,
      order: lab.manifest.order,
      summary: lab.manifest.summary,
      minutes: lab.manifest.minutes,
      status: progress.labs[lab.id]?.status ?? 'unchecked',
      checkpoints: lab.manifest.checkpoints.map(({ id, title }) => ({
        id,
        title,
        status: progress.labs[lab.id]?.checkpoints.find((c) => c.id === id)?.status ?? 'unchecked',
      })),
    }));
    process.stdout.write(`${JSON.stringify({ version: 1, labs }, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderList(context.labs, progress)}\n`);
  }
  return 0;
}
