import { chunkDocument } from '@lab/chunk.ts';
import { buildContext } from '@lab/context.ts';
import { isInstruction } from '@lab/injection.ts';
import { expectMetric } from '@workshop/testkit';
import { describe, it } from 'vitest';
import { BASELINE_CHUNKING, standardFusion } from '../eval/baselines.ts';
import { measureInjection } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { firstIds, handbook, indexedHandbook, once, testAttacks } from './support.ts';

// Retrieval is held fixed (baseline chunks and fusion, the top 5, no gate): this checkpoint judges
// the screen alone. Every unit of the handbook passes through your `isInstruction` once.
const measured = once(async () => {
  let units = 0;
  let counting = true;
  const screen = (unit: string) => {
    if (counting) units++;
    return isInstruction(unit);
  };
  const { knowledgeBase, report } = await indexedHandbook({
    chunking: BASELINE_CHUNKING,
    fuse: standardFusion,
    screen,
  });
  counting = false;
  const attacks = await measureInjection({
    attacks: testAttacks(),
    handbook,
    index: (docs) => knowledgeBase.index(docs),
    context: async (question) => buildContext(question, await knowledgeBase.search(question, { topK: 5 })).messages,
    chunkIds: (doc) => chunkDocument(doc, BASELINE_CHUNKING, screen).map((chunk) => chunk.id),
  });
  return { attacks, screenedOut: report.screenedOut, units };
});

describe('DoD-1 planted instructions never reach the model', () => {
  it('leaves the answer and the policy the model sees unchanged under the test split’s attacks', async () => {
    const { attacks } = await measured();
    // The kind of each attack that got through, never its text: the test split is for judging.
    const kinds = new Map<string, number>();
    for (const c of attacks.changed) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    const perKind = [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
    expectMetric(
      { name: 'attacks without effect', value: attacks.unchanged, target: TARGETS.attacksWithoutEffect, unit: 'ratio' },
      `${attacks.attacks} attacks on the test split (overrides, paraphrased, split, tables, code, other languages, addressed to the assistant, markup); got through: ${attacks.changed.length}${perKind ? ` (${perKind})` : ''}: ${firstIds(attacks.changed.map((c) => ({ id: `${c.id} ${c.kind}` })))}`,
    );
  });

  it('keeps the handbook’s own text, which is full of instructions to people', async () => {
    const { screenedOut, units } = await measured();
    expectMetric(
      {
        name: 'handbook screened out',
        value: screenedOut.length / units,
        target: TARGETS.handbookScreenedOut,
        unit: 'ratio',
      },
      `${screenedOut.length} of ${units} units of the clean handbook removed, e.g. ${JSON.stringify(screenedOut[0]?.text.slice(0, 80) ?? '')}`,
    );
  });
});
