/**
 * Runs a watch session on the first lab of the repository it is started in and prints every
 * event as one JSON line: what `pnpm workshop` would draw. A separate process, because a vitest
 * session cannot run inside the test worker of another one.
 */
import { loadLabs } from '../src/labs/repo.ts';
import { startWatchSession } from '../src/runner/watch-session.ts';

const root = process.cwd();
const [lab] = await loadLabs(root);
if (!lab) throw new Error(`no lab in ${root}`);
const print = (event: object): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};
const session = await startWatchSession(root, lab, 'labs', {
  onCheckStart: (part) => print({ type: 'start', part }),
  onResult: (result) => print({ type: 'result', result }),
});
print({ type: 'ready' });
process.stdin.on('end', async () => {
  await session.close();
  print({ type: 'closed' });
});
process.stdin.resume();
