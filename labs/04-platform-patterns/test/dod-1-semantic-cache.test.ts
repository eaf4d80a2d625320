import { acceptHit } from '@lab/hit-policy.ts';
import { type LabelledPair, type PairScore, SEMANTIC_TARGETS, scorePairs } from '@lab/pair-eval.ts';
import { SemanticCache } from '@lab/semantic-cache.ts';
import { expectMetric, loadSplit } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const pairs = loadSplit<LabelledPair>(import.meta.dirname, 'pairs', 'test');
const DEV_REPORT = 'calibrate on dev: node labs/04-platform-patterns/src/dev-report.ts 1';

// The split is scored once per file: the tests below read the same outcomes.
let scored: Promise<PairScore> | undefined;
const score = () => {
  scored ??= scorePairs(pairs, acceptHit);
  return scored;
};

/** Test paraphrase pairs the policy hits; fails when there are none (a policy that never hits passes nothing). */
async function hitParaphrases(): Promise<LabelledPair[]> {
  const hits = (await score()).outcomes.filter((o) => o.hit && o.pair.label === 'paraphrase').map((o) => o.pair);
  expect(hits.length, `the cache hits no test paraphrase yet; ${DEV_REPORT}`).toBeGreaterThan(0);
  return hits;
}

/** Does the answer stored for `stored` come back for `asked`? A fresh cache per question. */
async function hits(stored: string, asked: string): Promise<boolean> {
  const cache = new SemanticCache({ accept: acceptHit });
  await cache.store(stored, 'the stored answer');
  return (await cache.lookup(asked)) !== undefined;
}

const surface = fc.constantFrom(
  (t: string) => t.toUpperCase(),
  (t: string) => t.toLowerCase(),
  (t: string) => `  ${t.replace(/ /g, '  ')}\n`,
  (t: string) => t.replace(/[?.!]+$/, ''),
);

describe('DoD-1 the semantic cache serves paraphrases and never another question, on the test split', () => {
  it(`hits at least ${SEMANTIC_TARGETS.hitRate} of the paraphrase pairs`, async () => {
    const { hitRate, hits: hit, paraphrases } = await score();
    expectMetric(
      { name: 'hit rate', value: hitRate, target: `>= ${SEMANTIC_TARGETS.hitRate}`, unit: 'ratio' },
      `${hit} of ${paraphrases} paraphrase pairs served from the cache; ${DEV_REPORT}`,
    );
  });

  it('serves no near-miss and no unrelated pair', async () => {
    await hitParaphrases();
    const { wrongNearMiss, wrongUnrelated } = await score();
    expectMetric(
      {
        name: 'wrong hits',
        value: wrongNearMiss + wrongUnrelated,
        target: `== ${SEMANTIC_TARGETS.wrongHits}`,
        unit: 'count',
      },
      `${wrongNearMiss} near-miss and ${wrongUnrelated} unrelated pairs answered with the other question's answer; ${DEV_REPORT}`,
    );
  });
});

describe('DoD-1 properties of the hit policy', () => {
  it('never serves an unrelated question, in either direction, whatever the letter case, spacing or punctuation', async () => {
    await hitParaphrases();
    const unrelated = pairs.filter((p) => p.label === 'unrelated');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...unrelated), fc.boolean(), surface, async (pair, swap, change) => {
        const [stored, asked] = swap ? [pair.b, pair.a] : [pair.a, pair.b];
        expect(await hits(stored, change(asked)), `${stored} | ${change(asked)}`).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('never serves the answer about one order number for a question about another', async () => {
    const served = await hitParaphrases();
    const orderNumber = fc.integer({ min: 1000, max: 99_999 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...served), orderNumber, orderNumber, async (pair, first, second) => {
        fc.pre(first !== second);
        const stored = `${pair.a} It is about order ${first}.`;
        const asked = `${pair.b} It is about order ${second}.`;
        expect(await hits(stored, asked), `${stored} | ${asked}`).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('still serves a paraphrase it served when only letter case, spacing or end punctuation change', async () => {
    const served = await hitParaphrases();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...served), surface, async (pair, change) => {
        expect(await hits(pair.a, change(pair.b)), `${pair.a} | ${change(pair.b)}`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
