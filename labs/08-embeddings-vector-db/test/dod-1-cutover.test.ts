import { chooseThreshold, decideCutOver } from '@lab/cutover.ts';
import { pairedChange } from '@lab/evaluation.ts';
import type { MigrationEvidence, QueryOutcome } from '@lab/migration.ts';
import { CUTOVER_POLICY, type CutOverPolicy, NO_RESULT_PROMISE } from '@lab/policy.ts';
import { type ModelName, migrationEvidence, modelRuns, offlineModel } from '@lab/scenarios.ts';
import type { QueryRun } from '@lab/types.ts';
import { mean } from '@workshop/kit';
import { expectMetric, reportMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadQueries, THRESHOLD_TARGETS } from './data.ts';

const DEV_REPORT = 'calibrate on dev: node labs/08-embeddings-vector-db/src/dev-report.ts';
const dev = loadQueries('dev');
const test = loadQueries('test');

/** Each model's runs on both splits and its threshold chosen on dev (computed once per file). */
const measured = new Map<ModelName, Promise<{ threshold: number; testRuns: QueryRun[] }>>();
function model(name: ModelName) {
  let entry = measured.get(name);
  if (!entry) {
    entry = (async () => {
      const embedder = offlineModel(name);
      const threshold = chooseThreshold(await modelRuns(embedder, dev), NO_RESULT_PROMISE);
      return { threshold, testRuns: await modelRuns(embedder, test) };
    })();
    measured.set(name, entry);
  }
  return entry;
}
const side = async (name: ModelName, threshold?: number) => ({
  model: offlineModel(name),
  threshold: threshold ?? (await model(name)).threshold,
});
const empty = (run: QueryRun, threshold: number) => (run.hits[0]?.score ?? Number.NEGATIVE_INFINITY) < threshold;

/**
 * The verdicts a sound rule may give on real evidence. It must block when the shadow is incomplete,
 * the evidence too small, or the mean Recall@k of what is shown, or the share of unanswerable
 * questions told "no result", drops by more than the policy allows. It must cut over otherwise when
 * even the low end of the paired 95 % interval of the recall change is within the tolerance. In
 * between, the evidence favours neither: a rule on the means cuts over, a cautious rule on the
 * interval blocks, and both are sound.
 */
function supportedVerdicts(evidence: MigrationEvidence, policy: CutOverPolicy) {
  const answerable = evidence.queries.filter((q) => q.answerable);
  const unanswerable = evidence.queries.filter((q) => !q.answerable);
  const recall = (s: 'live' | 'shadow') => mean(answerable.map((q) => q[s].recall));
  const declined = (s: 'live' | 'shadow') => unanswerable.filter((q) => q[s].shown === 0).length / unanswerable.length;
  const change = pairedChange(
    answerable.map((q) => q.live.recall),
    answerable.map((q) => q.shadow.recall),
  );
  const abstentionDrop = declined('live') - declined('shadow');
  const complete =
    evidence.shadow.points >= evidence.live.points && evidence.shadow.pointsOfVersion === evidence.shadow.points;
  const enough = answerable.length >= policy.minAnswerable && unanswerable.length >= policy.minUnanswerable;
  const eps = 1e-9;
  const mustBlock =
    !complete ||
    !enough ||
    -change.mean > policy.maxRecallDrop + eps ||
    abstentionDrop > policy.maxAbstentionDrop + eps;
  // "At most" allows a drop of exactly the tolerance (to within rounding: 0.45 − 0.35 > 0.1 in floating point).
  const mustCutOver = !mustBlock && change.low >= -policy.maxRecallDrop - eps;
  const why = `shadow Recall@${evidence.k} of what is shown ${recall('shadow').toFixed(3)} against live ${recall('live').toFixed(3)} (change ${change.mean.toFixed(3)}, 95 % [${change.low.toFixed(3)}, ${change.high.toFixed(3)}]), "no result" for unanswerable ${declined('live').toFixed(2)} → ${declined('shadow').toFixed(2)}: ${mustBlock ? 'block' : mustCutOver ? 'cut over' : 'either'}`;
  return {
    verdicts: mustBlock ? [false] : mustCutOver ? [true] : [true, false],
    why,
    live: recall('live'),
    shadow: recall('shadow'),
    change,
  };
}

describe('DoD-1 each model is served with its own "no result" threshold, chosen on dev', () => {
  for (const name of ['hash', 'glove'] as const) {
    it(`${name}: few answerable test questions are told "no result"${name === 'hash' ? ', and some unanswerable ones are' : ''}`, async () => {
      const { threshold, testRuns } = await model(name);
      const targets = THRESHOLD_TARGETS[name];
      const answerable = testRuns.filter((run) => run.relevant.length > 0);
      const unanswerable = testRuns.filter((run) => run.relevant.length === 0);
      const told = answerable.filter((run) => empty(run, threshold)).length;
      const abstained = unanswerable.filter((run) => empty(run, threshold)).length;
      reportMetric({ name: `${name} threshold`, value: threshold, unit: 'cosine' });
      expectMetric(
        {
          name: `${name} answerable no-result`,
          value: told / answerable.length,
          target: `<= ${targets.maxAnswerableEmpty}`,
          unit: 'ratio',
        },
        `${told} of ${answerable.length} answerable test questions get nothing at threshold ${threshold.toFixed(3)}; ${DEV_REPORT}`,
      );
      const abstention = { name: `${name} abstention`, value: abstained / unanswerable.length, unit: 'ratio' };
      // Glove's top score tells an unanswerable question from an answerable one too weakly on dev
      // (2 of 20 declined at the promise) to promise one in twenty on test: reported, not judged (test/data.ts).
      if (targets.minAbstention === undefined) reportMetric(abstention);
      else {
        expectMetric(
          { ...abstention, target: `>= ${targets.minAbstention}` },
          `${abstained} of ${unanswerable.length} unanswerable test questions get "no result"; ${DEV_REPORT}`,
        );
      }
    });
  }

  it('follows the scores it is given: a rescaled model hides the same questions, as many answerable ones as the promise allows', () => {
    // Distinct scores, so "as high as the promise allows" hides exactly the allowed number of answerable questions.
    const runs = fc.uniqueArray(
      fc.record({
        answerable: fc.boolean(),
        score: fc.integer({ min: 1, max: 999 }).map((n) => n / 1000),
      }),
      { minLength: 20, maxLength: 80, selector: (row) => row.score },
    );
    fc.assert(
      fc.property(runs, fc.double({ min: 0.2, max: 5, noNaN: true }), (rows, power) => {
        const asRuns = (scale: (x: number) => number): QueryRun[] =>
          rows.map((row, i) => ({
            queryId: `q${i}`,
            relevant: row.answerable ? ['doc'] : [],
            hits: [{ id: 'doc', score: scale(row.score) }],
          }));
        fc.pre(rows.some((row) => row.answerable));
        const original = asRuns((x) => x);
        const rescaled = asRuns((x) => x ** power);
        const hidden = (list: QueryRun[]) => {
          const threshold = chooseThreshold(list, NO_RESULT_PROMISE);
          return list.map((run) => empty(run, threshold));
        };
        expect(hidden(rescaled)).toEqual(hidden(original));
        const told = original.filter((run, i) => run.relevant.length > 0 && hidden(original)[i]).length;
        const allowed = Math.floor(
          NO_RESULT_PROMISE.maxAnswerableEmpty * original.filter((r) => r.relevant.length > 0).length + 1e-9,
        );
        expect(told, 'answerable questions told "no result": at most the promise, and no fewer').toBe(allowed);
      }),
      { numRuns: 60 },
    );
  });
});

describe('DoD-1 the cut-over rule on real migrations (test split)', () => {
  it('lets a re-index onto the same model cut over (identical answers)', async () => {
    const { evidence } = await migrationEvidence(await side('hash'), await side('hash'), test, CUTOVER_POLICY);
    const decision = decideCutOver(evidence, CUTOVER_POLICY);
    expect(decision.reasons, 'the same model in a new collection changes nothing users see').toEqual([]);
    expect(decision.cutOver).toBe(true);
  });

  it('gives hash → glove the verdict its evidence supports, each side served at its own threshold', async () => {
    const { evidence } = await migrationEvidence(await side('hash'), await side('glove'), test, CUTOVER_POLICY);
    const supported = supportedVerdicts(evidence, CUTOVER_POLICY);
    const decision = decideCutOver(evidence, CUTOVER_POLICY);
    reportMetric({ name: 'live recall@10 shown (hash)', value: supported.live, unit: 'ratio' });
    reportMetric({ name: 'shadow recall@10 shown (glove)', value: supported.shadow, unit: 'ratio' });
    reportMetric({ name: 'recall change, 95 % low', value: supported.change.low, unit: 'ratio' });
    expect(
      supported.verdicts,
      `${supported.why}; your rule: ${decision.cutOver ? 'cut over' : `blocked: ${decision.reasons.join('; ')}`}`,
    ).toContain(decision.cutOver);
    expect(decision.reasons.length === 0, 'a block names its reasons; a cut-over has none').toBe(decision.cutOver);
  });

  it('blocks a shadow caught half way through its backfill', async () => {
    const { evidence } = await migrationEvidence(await side('hash'), await side('hash'), test, CUTOVER_POLICY, 60);
    const decision = decideCutOver(evidence, CUTOVER_POLICY);
    expect(decision.cutOver).toBe(false);
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  it("blocks a shadow served with the live model's threshold", async () => {
    const live = await side('glove');
    const { evidence } = await migrationEvidence(live, await side('hash', live.threshold), test, CUTOVER_POLICY);
    expect(decideCutOver(evidence, CUTOVER_POLICY).cutOver).toBe(false);
  });
});

/** Evidence whose shadow answers every labelled question exactly as the live index does. */
const sameAnswers = fc
  .record({
    answerable: fc.array(fc.record({ recall: fc.constantFrom(0, 0.5, 1), shown: fc.integer({ min: 1, max: 10 }) }), {
      minLength: CUTOVER_POLICY.minAnswerable,
      maxLength: CUTOVER_POLICY.minAnswerable + 40,
    }),
    unanswerable: fc.array(fc.integer({ min: 0, max: 10 }), {
      minLength: CUTOVER_POLICY.minUnanswerable,
      maxLength: CUTOVER_POLICY.minUnanswerable + 15,
    }),
    points: fc.integer({ min: 50, max: 5_000 }),
    overlap: fc.constantFrom(0, 0.3, 1),
  })
  .map(({ answerable, unanswerable, points, overlap }): MigrationEvidence => {
    const queries: QueryOutcome[] = [
      ...answerable.map((live, i) => ({ queryId: `a${i}`, answerable: true, live, shadow: { ...live }, overlap })),
      ...unanswerable.map((shown, i) => ({
        queryId: `u${i}`,
        answerable: false,
        live: { shown, recall: 0 },
        shadow: { shown, recall: 0 },
        overlap,
      })),
    ];
    return {
      k: CUTOVER_POLICY.k,
      live: { version: 'offline-hash/v1', points, pointsOfVersion: points, threshold: 0.3 },
      shadow: { version: 'offline-glove/v1', points, pointsOfVersion: points, threshold: 0.7 },
      queries,
    };
  });

const withShadow = (evidence: MigrationEvidence, change: (q: QueryOutcome) => QueryOutcome['shadow']) => ({
  ...evidence,
  queries: evidence.queries.map((q) => ({ ...q, shadow: change(q) })),
});
const decide = (evidence: MigrationEvidence) => decideCutOver(evidence, CUTOVER_POLICY);

describe('DoD-1 the cut-over rule on generated evidence', () => {
  it('cuts over when users would see the same answers, however much the rankings differ', () => {
    fc.assert(
      fc.property(sameAnswers, (evidence) => {
        expect(decide(evidence)).toEqual({ cutOver: true, reasons: [] });
      }),
      { numRuns: 60 },
    );
  });

  it('cuts over to a shadow that answers better, even when it overlaps little with the live results', () => {
    fc.assert(
      fc.property(sameAnswers, (evidence) => {
        const better = withShadow(evidence, (q) =>
          q.answerable ? { shown: Math.max(1, q.live.shown), recall: 1 } : { shown: 0, recall: 0 },
        );
        expect(decide({ ...better, queries: better.queries.map((q) => ({ ...q, overlap: 0.1 })) }).cutOver).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('cuts over to a shadow that gains clearly more questions than it loses, and blocks the same evidence read the other way round', () => {
    const shares = fc.record({
      gain: fc.double({ min: 0.2, max: 0.4, noNaN: true }),
      loss: fc.double({ min: 0, max: 0.05, noNaN: true }),
    });
    fc.assert(
      fc.property(sameAnswers, shares, (evidence, { gain, loss }) => {
        const n = evidence.queries.filter((q) => q.answerable).length;
        const [gains, losses] = [Math.ceil(gain * n), Math.floor(loss * n)];
        let i = 0;
        const queries = evidence.queries.map((q): QueryOutcome => {
          if (!q.answerable) return q;
          const at = i++;
          if (at < gains)
            return { ...q, live: { shown: 10, recall: 0 }, shadow: { shown: 10, recall: 1 }, overlap: 0.1 };
          if (at < gains + losses)
            return { ...q, live: { shown: 10, recall: 1 }, shadow: { shown: 10, recall: 0 }, overlap: 0.1 };
          return q;
        });
        const forward = { ...evidence, queries };
        const backward = { ...evidence, queries: queries.map((q) => ({ ...q, live: q.shadow, shadow: q.live })) };
        expect(supportedVerdicts(forward, CUTOVER_POLICY).verdicts).toEqual([true]);
        expect(decide(forward).cutOver, 'gains clearly more than it loses').toBe(true);
        expect(decide(backward).cutOver, 'loses clearly more than it gains').toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('blocks, with a reason, while any live document is missing from the shadow or embedded by another model', () => {
    fc.assert(
      fc.property(sameAnswers, fc.integer({ min: 1, max: 49 }), fc.boolean(), (evidence, missing, mixed) => {
        const shadow = mixed
          ? { ...evidence.shadow, pointsOfVersion: evidence.shadow.points - missing }
          : {
              ...evidence.shadow,
              points: evidence.live.points - missing,
              pointsOfVersion: evidence.live.points - missing,
            };
        const decision = decide({ ...evidence, shadow });
        expect(decision.cutOver).toBe(false);
        expect(decision.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it('blocks when the shadow finds clearly less of what answers the questions', () => {
    fc.assert(
      fc.property(sameAnswers, (evidence) => {
        const answerable = evidence.queries.filter((q) => q.answerable);
        fc.pre(answerable.filter((q) => q.live.recall === 1).length >= 0.2 * answerable.length);
        // Every question the live index answers fully, the shadow misses.
        const worse = withShadow(evidence, (q) =>
          q.answerable && q.live.recall === 1 ? { shown: q.live.shown, recall: 0 } : q.live,
        );
        expect(decide(worse).cutOver).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('blocks when the shadow shows results for unanswerable questions the live index declined', () => {
    fc.assert(
      fc.property(sameAnswers, (evidence) => {
        // The live index declines every other unanswerable question; the shadow shows hits for all of them.
        let n = 0;
        const declining = {
          ...evidence,
          queries: evidence.queries.map((q) =>
            q.answerable || n++ % 2 === 1 ? q : { ...q, live: { shown: 0, recall: 0 } },
          ),
        };
        const eager = withShadow(declining, (q) => (q.answerable ? q.live : { shown: 10, recall: 0 }));
        expect(decide(eager).cutOver).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('blocks on too little evidence, however good it looks', () => {
    fc.assert(
      fc.property(sameAnswers, fc.boolean(), (evidence, dropAnswerable) => {
        const keep = dropAnswerable ? CUTOVER_POLICY.minAnswerable - 1 : CUTOVER_POLICY.minUnanswerable - 1;
        let kept = 0;
        const queries = evidence.queries.filter((q) => (q.answerable !== dropAnswerable ? true : kept++ < keep));
        expect(decide({ ...evidence, queries }).cutOver).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
