import { emitKeypressEvents } from 'node:readline';
import { styleText } from 'node:util';
import { workshopCommand } from '../invocation.ts';
import { type Lab, selectLabs } from '../labs/repo.ts';
import { type Progress, readProgress, saveProgress } from '../results/progress.ts';
import type { LabResult } from '../results/schema.ts';
import { startWatchSession, type WatchSession } from '../runner/watch-session.ts';
import { autoSubmit } from '../submit/auto.ts';
import { bar, passedCount, renderLabResult, renderList } from '../ui/render.ts';
import type { Context } from './context.ts';

const KEYS = '[h] hint  [n] next lab  [p] previous  [l] list  [r] re-run  [q] quit';

/** The first lab whose saved result is not a pass: where the participant left off. */
export function currentLab(labs: Lab[], progress: Progress): Lab | undefined {
  return labs.find((lab) => progress.labs[lab.id]?.status !== 'pass') ?? labs.at(-1);
}

/**
 * `pnpm workshop` on a terminal: watches the current lab like rustlings. Re-runs its DoD tests on
 * every save, shows progress and the first failing checkpoint, and answers keys. Without a
 * terminal it prints the list and exits.
 */
export async function watchCommand(context: Context, labId: string | undefined): Promise<number> {
  let progress = await readProgress(context.root);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stdout.write(
      `${renderList(context.labs, progress)}\n\nRun \`${workshopCommand()}\` in a terminal to watch a lab, or \`${workshopCommand()} verify <lab>\`.\n`,
    );
    return 0;
  }
  let index = context.labs.indexOf(
    (labId ? selectLabs(context.labs, [labId])[0] : currentLab(context.labs, progress)) as Lab,
  );
  let hintLevel = 0;
  let lastResult: LabResult | undefined;
  let footer = '';
  let session: WatchSession | undefined;
  let checking = true;

  const draw = () => {
    const lab = context.labs[index] as Lab;
    const done = context.labs.reduce((sum, l) => sum + passedCount(progress.labs[l.id]), 0);
    const total = context.labs.reduce((sum, l) => sum + l.manifest.checkpoints.length, 0);
    const body = lastResult ? renderLabResult(lastResult) : `Checking ${lab.id}…`;
    const status = lastResult && checking ? `\n${styleText('gray', 'Re-checking…')}` : '';
    const celebrate =
      lastResult?.status === 'pass' ? `\n${styleText('green', `${lab.id} is done. Press n for the next lab.`)}` : '';
    process.stdout.write(
      `\x1b[2J\x1b[H${styleText('bold', 'Workshop')}  overall ${bar(done, total)}\n` +
        `Editing labs/${lab.id}/src — saved files are re-checked automatically.\n\n${body}${celebrate}${status}\n\n${footer}${footer ? '\n\n' : ''}${styleText('gray', KEYS)}\n`,
    );
  };

  const open = async () => {
    await session?.close();
    const lab = context.labs[index] as Lab;
    lastResult = undefined;
    hintLevel = 0;
    footer = '';
    draw();
    checking = true;
    session = await startWatchSession(context.root, lab, 'labs', {
      onCheckStart: () => {
        checking = true;
        draw();
      },
      onResult: async (result) => {
        checking = false;
        lastResult = result;
        await saveProgress(context.root, [result]);
        progress = await readProgress(context.root);
        draw();
        autoSubmit(context); // no-op unless WORKSHOP_DASHBOARD_URL and WORKSHOP_TOKEN are set; never waits
      },
    });
  };

  const showHint = () => {
    const lab = context.labs[index] as Lab;
    const checkpoint =
      lab.manifest.checkpoints.find((c) => lastResult?.checkpoints.find((r) => r.id === c.id)?.status !== 'pass') ??
      lab.manifest.checkpoints[0];
    if (!checkpoint) return;
    hintLevel = Math.min(hintLevel + 1, checkpoint.hints.length);
    footer = `Hint ${hintLevel}/${checkpoint.hints.length} for ${checkpoint.id}: ${checkpoint.hints[hintLevel - 1]}`;
    draw();
  };

  await open();
  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  return new Promise<number>((resolve) => {
    process.stdin.on('keypress', async (_text, key: { name?: string; ctrl?: boolean }) => {
      if (key.name === 'q' || (key.ctrl && key.name === 'c')) {
        process.stdin.setRawMode(false);
        process.stdin.pause();
        await session?.close();
        resolve(0);
      } else if (key.name === 'h') showHint();
      else if (key.name === 'n' && index < context.labs.length - 1) {
        index++;
        await open();
      } else if (key.name === 'p' && index > 0) {
        index--;
        await open();
      } else if (key.name === 'l') {
        footer = renderList(context.labs, progress);
        draw();
      } else if (key.name === 'r') {
        await session?.rerun();
      }
    });
  });
}
