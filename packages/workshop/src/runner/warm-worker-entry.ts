/**
 * Entry of a pre-started test worker thread (see `warm-pool.ts`). It imports the shared packages
 * the lab's tests will need — openai, msw and zod behind them — while the participant is still
 * typing, then hands over to vitest's own thread entry. Messages vitest sends meanwhile wait in
 * the port until vitest's listener is attached.
 */
import { workerData } from 'node:worker_threads';

const { preload, entry } = workerData as { preload: string[]; entry: string };
/** A file URL, or `specifier|parent` for a module a lab names in its `preload` list. */
const urlOf = (item: string): string => {
  const [specifier, parent] = item.split('|');
  return parent ? import.meta.resolve(specifier as string, parent) : item;
};
// A module that fails here fails again, with vitest's message, when a test imports it.
await Promise.all(
  preload.map(async (item) => {
    try {
      await import(urlOf(item));
    } catch {
      // Not installed, or not resolvable: the tests report it.
    }
  }),
);
await import(entry);
