import { centroid, centroidShift, detectDrift, neighbourOverlap } from '@lab/drift.ts';
import { MigrationBlockedError } from '@lab/errors.ts';
import { recallAtK } from '@lab/metrics.ts';
import { ShadowMigration } from '@lab/migration.ts';
import { EmbeddingPipeline } from '@lab/pipeline.ts';
import type { LabelledQuery } from '@lab/types.ts';
import type { EmbeddingModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { createMemoryVectorStore, type VectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { DOCS, emulatedEmbeddings, offlineEmbeddings } from './support.ts';

const network = useMockNetwork();

/** Unit vectors at these angles (degrees). */
const at = (...degrees: number[]) => degrees.map((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]);

const QUERIES: LabelledQuery[] = [
  { id: 'q1', text: 'refund of a yearly plan', relevant: ['pay-01'] },
  { id: 'q2', text: 'reset password link', relevant: ['sec-01'] },
  { id: 'q3', text: 'notes offline sync', relevant: ['syn-01'] },
  { id: 'q4', text: 'conflicting edits on two devices', relevant: ['syn-02'] },
  { id: 'q5', text: 'capital of Peru', relevant: [] },
];

describe('DoD-6 drift: centroid shift, neighbour overlap@k, an alert', () => {
  it('centroid shift is the cosine distance between the snapshots’ mean vectors', () => {
    expect(
      centroid([
        [1, 0],
        [0, 1],
      ]),
    ).toEqual([0.5, 0.5]);
    expect(
      centroidShift(
        [
          [1, 0],
          [1, 0],
        ],
        [
          [0, 1],
          [0, 1],
        ],
      ),
    ).toBeCloseTo(1, 12);
    expect(centroidShift(at(0, 90), at(0, 90))).toBeCloseTo(0, 12);
    expect(centroidShift([[1, 0]], [[1, 1]])).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(() => centroidShift([[1, 0]], [[1, 0, 0]])).toThrow(/dimensions|spaces/);
  });

  it('neighbour overlap@k compares each item’s k nearest other items before and after', () => {
    const before = at(0, 10, 90, 100);
    expect(neighbourOverlap(before, before, 1)).toBe(1);
    // Items 1 and 2 swap places: every nearest neighbour changes.
    expect(neighbourOverlap(before, at(0, 90, 10, 100), 1)).toBe(0);
    // Items 2 and 3 swap: they moved, but everyone keeps the same neighbour.
    expect(neighbourOverlap(before, at(0, 10, 100, 90), 1)).toBe(1);
    // Item 3 moves next to item 0: overlaps@2 are 1/2, 1/2, 1 and 1/2.
    expect(neighbourOverlap(before, at(0, 10, 90, 3), 2)).toBeCloseTo(0.625, 12);
    expect(() => neighbourOverlap(before, before, 4)).toThrow(/k/);
  });

  it('raises the alert when overlap falls or the centroid moves past the thresholds', () => {
    const thresholds = { k: 1, minOverlap: 0.7, maxCentroidShift: 0.05 };
    const calm = detectDrift(at(0, 10, 90, 100), at(1, 11, 91, 101), thresholds);
    expect(calm).toMatchObject({ overlapAtK: 1, k: 1, alert: false, reasons: [] });
    expect(calm.centroidShift).toBeCloseTo(1 - Math.cos(Math.PI / 180), 12); // everything turned by 1°
    const shuffled = detectDrift(at(0, 10, 90, 100), at(0, 90, 10, 100), thresholds);
    expect(shuffled.alert).toBe(true);
    expect(shuffled.reasons).toHaveLength(1);
    expect(shuffled.reasons[0]).toMatch(/overlap/);
    const moved = detectDrift(at(0, 10, 90, 100), at(40, 50, 130, 140), thresholds);
    expect(moved.overlapAtK).toBe(1);
    expect(moved.alert).toBe(true);
    expect(moved.reasons.join(' ')).toMatch(/centroid/);
    // Another model version (other length): no centroid shift, overlap still measured.
    const versions = detectDrift(
      at(0, 10, 90, 100),
      [
        [1, 0, 0],
        [1, 0.1, 0],
        [0, 1, 0],
        [0, 1, 0.1],
      ],
      thresholds,
    );
    expect(versions).toMatchObject({ centroidShift: null, overlapAtK: 1, alert: false });
  });
});

describe('DoD-6 migration: shadow index, dual write, gated cut-over', () => {
  async function setup(
    shadowModel: EmbeddingModel = emulatedEmbeddings(256),
    gate = { k: 3, minOverlap: 0.3, minRecall: 0.75 },
  ) {
    const store: VectorStore = createMemoryVectorStore();
    const live = new EmbeddingPipeline({ model: offlineEmbeddings(384), store, collection: 'help-v1' });
    await live.index(DOCS);
    const shadow = new EmbeddingPipeline({ model: shadowModel, store, collection: 'help-v2' });
    return { store, live, shadow, migration: new ShadowMigration({ live, shadow, gate }) };
  }

  it('backfills the shadow, dual-writes new documents, and reads from the live index until cut-over', async () => {
    const { store, live, migration } = await setup();
    expect(migration.phase).toBe('dual-write');
    await migration.backfill(DOCS);
    expect(await store.count('help-v2')).toBe(DOCS.length);
    const added = {
      id: 'syn-03',
      topic: 'sync',
      title: 'Backups',
      text: 'Backups run every six hours.',
      updated: 2025,
    };
    await migration.write([added]);
    expect((await store.get('help-v1', ['syn-03'])).length).toBe(1);
    expect((await store.get('help-v2', ['syn-03'])).length).toBe(1);
    expect(network.openai.embeddingRequests.at(-1)?.input).toEqual(['Backups. Backups run every six hours.']);
    const [hit] = await migration.search('backups every six hours', { topK: 1 });
    expect(hit?.id).toBe('syn-03');
    expect(hit?.payload.embeddingVersion).toBe(live.model.version);
  });

  it('measures overlap and recall on labelled queries and cuts over only when the gate passes', async () => {
    const { live, shadow, migration } = await setup();
    await migration.backfill(DOCS);
    expect(() => migration.cutOver()).toThrow(MigrationBlockedError);

    const check = await migration.check(QUERIES);
    // The same figures, computed here from the two indexes directly.
    const overlaps: number[] = [];
    const recalls: number[] = [];
    for (const q of QUERIES) {
      const a = (await live.search(q.text, { topK: 3 })).map((h) => String(h.id));
      const b = (await shadow.search(q.text, { topK: 3 })).map((h) => String(h.id));
      overlaps.push(b.filter((id) => a.includes(id)).length / 3);
      if (q.relevant.length > 0) recalls.push(recallAtK(b, q.relevant, 3));
    }
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(check.overlapAtK).toBeCloseTo(avg(overlaps), 12);
    expect(check.shadowRecall).toBeCloseTo(avg(recalls), 12);
    expect(check.ready).toBe(true);
    expect(check.reasons).toEqual([]);

    migration.cutOver();
    expect(migration.phase).toBe('cut-over');
    const [hit] = await migration.search('reset password link', { topK: 1 });
    expect(hit?.payload.embeddingVersion).toBe(shadow.model.version);
    migration.rollback();
    expect((await migration.search('reset password link', { topK: 1 }))[0]?.payload.embeddingVersion).toBe(
      live.model.version,
    );
  });

  it('blocks the cut-over of a shadow that fails the gate, saying which condition failed', async () => {
    const { migration } = await setup(offlineEmbeddings(2), { k: 1, minOverlap: 0.8, minRecall: 0.9 });
    await migration.backfill(DOCS);
    const check = await migration.check(QUERIES);
    expect(check.ready).toBe(false);
    expect(check.reasons.join(' ')).toMatch(/overlap/);
    expect(check.reasons.join(' ')).toMatch(/[Rr]ecall/);
    const error = (() => {
      try {
        migration.cutOver();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MigrationBlockedError);
    expect((error as MigrationBlockedError).reasons).toEqual(check.reasons);
    expect(migration.phase).toBe('dual-write');
  });

  it('refuses a shadow that shares the live collection', async () => {
    const { live } = await setup();
    expect(() => new ShadowMigration({ live, shadow: live, gate: { k: 3, minOverlap: 0.5, minRecall: 0.5 } })).toThrow(
      /own collection/,
    );
  });
});
