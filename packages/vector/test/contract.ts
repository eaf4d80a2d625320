/**
 * The behaviour every VectorStore must have. One suite, run against the memory store,
 * the Qdrant adapter on the emulated Qdrant (testkit), and a live Qdrant when QDRANT_URL
 * is set. Collection names carry a run id, and every collection a test creates is
 * dropped after it, so the suite is safe on a shared live server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isVectorStoreError, type VectorStoreErrorCode } from '../src/errors.ts';
import type { Distance, Filter, PointId, SearchHit, VectorPoint, VectorStore } from '../src/spec.ts';

const RUN = Math.random().toString(36).slice(2, 8);

/** Seeded RNG (mulberry32): the same vectors every run, so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomVectors(count: number, dims: number, seed: number): number[][] {
  const next = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: dims }, () => next() * 2 - 1));
}

/** Brute-force reference in float64 over float32-rounded inputs (what both stores keep). */
function reference(points: { id: PointId; vector: number[] }[], query: number[], distance: Distance, topK: number) {
  const f32 = (v: number[]) => Array.from(Float32Array.from(v));
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return norm === 0 ? v : v.map((x) => x / norm);
  };
  const prep = (v: number[]) => (distance === 'cosine' ? unit(f32(v)) : f32(v));
  const q = prep(query);
  const scored = points.map((p) => {
    const v = prep(p.vector);
    const s =
      distance === 'euclid'
        ? Math.sqrt(v.reduce((sum, x, i) => sum + (x - (q[i] as number)) ** 2, 0))
        : v.reduce((sum, x, i) => sum + x * (q[i] as number), 0);
    return { id: p.id, score: s };
  });
  scored.sort((a, b) => (distance === 'euclid' ? a.score - b.score : b.score - a.score));
  return scored.slice(0, topK);
}

/** Same ranking as the reference: scores within float32 tolerance, ids equal where no near-tie. */
function expectSameRanking(hits: SearchHit[], expected: { id: PointId; score: number }[]) {
  expect(hits.map((h) => h.score)).toHaveLength(expected.length);
  hits.forEach((hit, i) => {
    const want = expected[i] as { id: PointId; score: number };
    expect(hit.score).toBeCloseTo(want.score, 4);
    const gap = Math.min(
      Math.abs(want.score - (expected[i - 1]?.score ?? Number.POSITIVE_INFINITY)),
      Math.abs(want.score - (expected[i + 1]?.score ?? Number.POSITIVE_INFINITY)),
    );
    if (gap > 1e-4) expect(hit.id).toEqual(want.id);
  });
}

/** Asserts a rejection with a VectorStoreError of `code` whose message matches every pattern. */
async function expectError(promise: Promise<unknown>, code: VectorStoreErrorCode, ...patterns: (string | RegExp)[]) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} error`).toBeDefined();
  expect(isVectorStoreError(error), `expected a VectorStoreError, got ${String(error)}`).toBe(true);
  const e = error as Error & { code: string };
  expect(e.code).toBe(code);
  expect(e.message).not.toContain('\n');
  for (const p of patterns) expect(e.message).toMatch(p);
}

/** Run the contract against stores made by `makeStore` (called once per test). */
export function runVectorStoreContract(name: string, makeStore: () => VectorStore | Promise<VectorStore>): void {
  describe(`VectorStore contract: ${name}`, () => {
    const created: { store: VectorStore; name: string }[] = [];
    let counter = 0;

    /** A fresh store and a fresh collection name (dropped after the test). */
    async function setup(distance: Distance = 'cosine', dimensions = 3) {
      const store = await makeStore();
      const collection = `contract_${RUN}_${++counter}`;
      created.push({ store, name: collection });
      await store.createCollection({ name: collection, dimensions, distance });
      return { store, collection };
    }

    afterEach(async () => {
      for (const { store, name: collection } of created.splice(0))
        await store.deleteCollection(collection).catch(() => {});
    });

    describe('collections', () => {
      it('creates a collection that is then listed and reported as existing', async () => {
        const { store, collection } = await setup();
        expect(await store.hasCollection(collection)).toBe(true);
        expect(await store.listCollections()).toContain(collection);
        expect(await store.count(collection)).toBe(0);
      });

      it('creating the same collection again is a no-op that keeps its points', async () => {
        const { store, collection } = await setup('dot', 3);
        await store.upsert(collection, [{ id: 1, vector: [1, 2, 3] }]);
        await store.createCollection({ name: collection, dimensions: 3, distance: 'dot' });
        expect(await store.count(collection)).toBe(1);
      });

      it('creating it again with another dimension or distance is an error naming both', async () => {
        const { store, collection } = await setup('cosine', 3);
        await expectError(
          store.createCollection({ name: collection, dimensions: 4, distance: 'cosine' }),
          'collection_exists',
          collection,
          /3/,
          /4/,
        );
        await expectError(
          store.createCollection({ name: collection, dimensions: 3, distance: 'dot' }),
          'collection_exists',
          /cosine/,
          /dot/,
        );
      });

      it('deleting drops the collection; deleting a missing one resolves false', async () => {
        const { store, collection } = await setup();
        expect(await store.deleteCollection(collection)).toBe(true);
        expect(await store.hasCollection(collection)).toBe(false);
        expect(await store.listCollections()).not.toContain(collection);
        expect(await store.deleteCollection(collection)).toBe(false);
      });

      it('rejects a bad config with a one-line error', async () => {
        const store = await makeStore();
        await expectError(
          store.createCollection({ name: `bad_${RUN}`, dimensions: 0, distance: 'cosine' }),
          'invalid_request',
          /dimensions/,
        );
        await expectError(
          store.createCollection({ name: `bad_${RUN}`, dimensions: 3, distance: 'manhattan' as Distance }),
          'invalid_request',
          /distance/,
        );
      });

      it('creates payload indexes without changing results', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [
          { id: 1, vector: [1, 0], payload: { lang: 'en' } },
          { id: 2, vector: [0, 1], payload: { lang: 'de' } },
        ]);
        await store.createPayloadIndex(collection, 'lang', 'keyword');
        await store.createPayloadIndex(collection, 'lang', 'keyword');
        expect(await store.count(collection, { must: [{ key: 'lang', match: { value: 'de' } }] })).toBe(1);
      });
    });

    describe('points', () => {
      it('upsert is idempotent by id: the same id replaces vector and payload', async () => {
        const { store, collection } = await setup('dot', 3);
        await store.upsert(collection, [{ id: 'doc-1', vector: [1, 0, 0], payload: { v: 1 } }]);
        await store.upsert(collection, [{ id: 'doc-1', vector: [0, 1, 0], payload: { v: 2 } }]);
        expect(await store.count(collection)).toBe(1);
        expect(await store.get(collection, ['doc-1'])).toEqual([{ id: 'doc-1', vector: [0, 1, 0], payload: { v: 2 } }]);
      });

      it('keeps string and numeric ids apart and returns them as written', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [
          { id: 42, vector: [1, 0], payload: { kind: 'number' } },
          { id: '42', vector: [0, 1], payload: { kind: 'string' } },
          { id: 'chunk:a/b#3', vector: [1, 1] },
        ]);
        expect(await store.count(collection)).toBe(3);
        const got = await store.get(collection, ['42', 42, 'chunk:a/b#3', 'missing', 7]);
        expect(got.map((p) => p.id)).toEqual(['42', 42, 'chunk:a/b#3']);
        expect(got.map((p) => p.payload)).toEqual([{ kind: 'string' }, { kind: 'number' }, {}]);
        const hits = await store.search(collection, { vector: [0, 1], topK: 1 });
        expect(hits[0]?.id).toBe('42');
      });

      it('stores cosine vectors unit-normalised, as Qdrant does', async () => {
        const { store, collection } = await setup('cosine', 2);
        await store.upsert(collection, [{ id: 1, vector: [3, 4] }]);
        const [point] = await store.get(collection, [1]);
        expect(point?.vector[0]).toBeCloseTo(0.6, 6);
        expect(point?.vector[1]).toBeCloseTo(0.8, 6);
      });

      it('deletes by id, ignoring unknown ids; deleted points are no longer found', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [
          { id: 'a', vector: [1, 0] },
          { id: 'b', vector: [0.9, 0] },
          { id: 'c', vector: [0, 1] },
        ]);
        await store.delete(collection, ['a', 'nope']);
        expect(await store.count(collection)).toBe(2);
        expect(await store.get(collection, ['a'])).toEqual([]);
        const hits = await store.search(collection, { vector: [1, 0], topK: 3 });
        expect(hits.map((h) => h.id)).toEqual(['b', 'c']);
        // The remaining points keep their own vectors after the delete.
        expect((await store.get(collection, ['c']))[0]?.vector).toEqual([0, 1]);
      });

      it('counts all points or the points passing a filter', async () => {
        const { store, collection } = await setup('dot', 1);
        await store.upsert(
          collection,
          Array.from({ length: 10 }, (_, i) => ({ id: i, vector: [i], payload: { even: i % 2 === 0 } })),
        );
        expect(await store.count(collection)).toBe(10);
        expect(await store.count(collection, { must: [{ key: 'even', match: { value: true } }] })).toBe(5);
      });
    });

    describe('search', () => {
      for (const distance of ['cosine', 'dot', 'euclid'] as const) {
        it(`returns the exact top-k, best first, like a brute-force reference (${distance})`, async () => {
          // 37 dimensions exercise every kernel path (64-byte blocks, 16-byte steps, scalar tail).
          const dims = 37;
          const { store, collection } = await setup(distance, dims);
          const vectors = randomVectors(300, dims, 7);
          const points = vectors.map((vector, i) => ({ id: i % 3 === 0 ? `doc-${i}` : i, vector }));
          await store.upsert(collection, points);
          for (const query of randomVectors(5, dims, 99)) {
            const hits = await store.search(collection, { vector: query, topK: 10 });
            expectSameRanking(hits, reference(points, query, distance, 10));
          }
        });
      }

      it('scores cosine as the cosine of the angle', async () => {
        const { store, collection } = await setup('cosine', 2);
        await store.upsert(collection, [
          { id: 'same', vector: [2, 0] },
          { id: 'diag', vector: [1, 1] },
          { id: 'opposite', vector: [-5, 0] },
        ]);
        const hits = await store.search(collection, { vector: [1, 0], topK: 3 });
        expect(hits.map((h) => h.id)).toEqual(['same', 'diag', 'opposite']);
        expect(hits.map((h) => h.score)).toEqual([
          expect.closeTo(1, 5),
          expect.closeTo(Math.SQRT1_2, 5),
          expect.closeTo(-1, 5),
        ]);
      });

      it('scores dot as the raw dot product (length matters)', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [
          { id: 'long', vector: [3, 4] },
          { id: 'unit', vector: [0.6, 0.8] },
        ]);
        const hits = await store.search(collection, { vector: [3, 4], topK: 2 });
        expect(hits.map((h) => [h.id, h.score])).toEqual([
          ['long', expect.closeTo(25, 4)],
          ['unit', expect.closeTo(5, 4)],
        ]);
      });

      it('scores euclid as the distance, nearest first', async () => {
        const { store, collection } = await setup('euclid', 2);
        await store.upsert(collection, [
          { id: 'far', vector: [6, 8] },
          { id: 'near', vector: [3, 4] },
          { id: 'origin', vector: [0, 0] },
        ]);
        const hits = await store.search(collection, { vector: [0, 0], topK: 3 });
        expect(hits.map((h) => [h.id, h.score])).toEqual([
          ['origin', expect.closeTo(0, 5)],
          ['near', expect.closeTo(5, 5)],
          ['far', expect.closeTo(10, 5)],
        ]);
      });

      it('returns every point when topK exceeds the count, and payloads with each hit', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [
          { id: 1, vector: [1, 0], payload: { title: 'one', tags: ['a'] } },
          { id: 2, vector: [0, 1] },
        ]);
        const hits = await store.search(collection, { vector: [1, 0], topK: 50 });
        expect(hits).toEqual([
          { id: 1, score: expect.closeTo(1, 5), payload: { title: 'one', tags: ['a'] } },
          { id: 2, score: expect.closeTo(0, 5), payload: {} },
        ]);
      });

      it('returns stored vectors only when asked', async () => {
        const { store, collection } = await setup('dot', 2);
        await store.upsert(collection, [{ id: 1, vector: [0.5, 0.25] }]);
        expect((await store.search(collection, { vector: [1, 0], topK: 1 }))[0]?.vector).toBeUndefined();
        expect((await store.search(collection, { vector: [1, 0], topK: 1, withVectors: true }))[0]?.vector).toEqual([
          0.5, 0.25,
        ]);
      });

      it('drops hits below the score threshold (cosine: at least; euclid: at most)', async () => {
        const cos = await setup('cosine', 2);
        await cos.store.upsert(cos.collection, [
          { id: 'close', vector: [1, 0.1] },
          { id: 'angle', vector: [1, 1] },
          { id: 'away', vector: [0, 1] },
        ]);
        const cosHits = await cos.store.search(cos.collection, { vector: [1, 0], topK: 10, scoreThreshold: 0.7 });
        expect(cosHits.map((h) => h.id)).toEqual(['close', 'angle']);

        const euc = await setup('euclid', 2);
        await euc.store.upsert(euc.collection, [
          { id: 'a', vector: [1, 0] },
          { id: 'b', vector: [2, 0] },
          { id: 'c', vector: [4, 0] },
        ]);
        const eucHits = await euc.store.search(euc.collection, { vector: [0, 0], topK: 10, scoreThreshold: 2.5 });
        expect(eucHits.map((h) => h.id)).toEqual(['a', 'b']);
      });
    });

    describe('filters', () => {
      async function catalogue() {
        const ctx = await setup('dot', 2);
        const docs: VectorPoint[] = [
          {
            id: 'a',
            vector: [1, 0],
            payload: { lang: 'en', year: 2021, tags: ['ai', 'ops'], author: { name: 'Ada' } },
          },
          { id: 'b', vector: [0.9, 0.1], payload: { lang: 'de', year: 2023, tags: ['ai'], author: { name: 'Bo' } } },
          { id: 'c', vector: [0.8, 0.2], payload: { lang: 'fr', year: 2024, tags: ['ops'] } },
          { id: 'd', vector: [0.7, 0.3], payload: { lang: 'en', year: 2025, draft: true } },
          { id: 'e', vector: [0.1, 0.9], payload: { lang: 'en', year: 2019 } },
        ];
        await ctx.store.upsert(ctx.collection, docs);
        const ids = async (filter: Filter) =>
          (await ctx.store.search(ctx.collection, { vector: [1, 0], topK: 10, filter })).map((h) => h.id);
        return { ...ctx, ids };
      }

      it('match value, match any, and array fields matching on any element', async () => {
        const { ids } = await catalogue();
        expect(await ids({ must: [{ key: 'lang', match: { value: 'en' } }] })).toEqual(['a', 'd', 'e']);
        expect(await ids({ must: [{ key: 'lang', match: { any: ['de', 'fr'] } }] })).toEqual(['b', 'c']);
        expect(await ids({ must: [{ key: 'tags', match: { value: 'ops' } }] })).toEqual(['a', 'c']);
        expect(await ids({ must: [{ key: 'draft', match: { value: true } }] })).toEqual(['d']);
      });

      it('range bounds, inclusive and exclusive', async () => {
        const { ids } = await catalogue();
        expect(await ids({ must: [{ key: 'year', range: { gte: 2023, lt: 2025 } }] })).toEqual(['b', 'c']);
        expect(await ids({ must: [{ key: 'year', range: { gt: 2023 } }] })).toEqual(['c', 'd']);
      });

      it('must_not, should, nested filters and dotted keys', async () => {
        const { ids } = await catalogue();
        expect(await ids({ must_not: [{ key: 'lang', match: { value: 'en' } }] })).toEqual(['b', 'c']);
        expect(
          await ids({
            should: [
              { key: 'lang', match: { value: 'fr' } },
              { key: 'year', range: { lt: 2020 } },
            ],
          }),
        ).toEqual(['c', 'e']);
        expect(
          await ids({
            must: [{ key: 'lang', match: { value: 'en' } }],
            should: [{ must: [{ key: 'year', range: { gte: 2025 } }] }, { key: 'tags', match: { value: 'ai' } }],
          }),
        ).toEqual(['a', 'd']);
        expect(await ids({ must: [{ key: 'author.name', match: { value: 'Bo' } }] })).toEqual(['b']);
      });

      it('a missing field fails match and range, so it passes must_not', async () => {
        const { ids } = await catalogue();
        expect(await ids({ must: [{ key: 'author.name', match: { any: ['Ada', 'Bo'] } }] })).toEqual(['a', 'b']);
        expect(await ids({ must_not: [{ key: 'draft', match: { value: true } }] })).toEqual(['a', 'b', 'c', 'e']);
      });

      it('filters before ranking, so topK counts only matching points', async () => {
        const { store, collection } = await catalogue();
        const hits = await store.search(collection, {
          vector: [1, 0],
          topK: 1,
          filter: { must: [{ key: 'year', range: { lt: 2020 } }] },
        });
        expect(hits.map((h) => h.id)).toEqual(['e']);
      });
    });

    describe('errors', () => {
      it('a vector of the wrong dimension is refused, naming the collection and both sizes', async () => {
        const { store, collection } = await setup('cosine', 3);
        await expectError(
          store.upsert(collection, [{ id: 1, vector: [1, 2, 3, 4] }]),
          'dimension_mismatch',
          collection,
          /dimension 3/,
          /got 4/,
        );
        await expectError(
          store.search(collection, { vector: [1, 2], topK: 1 }),
          'dimension_mismatch',
          collection,
          /dimension 3/,
          /got 2/,
        );
      });

      it('a NaN or infinite component is refused, naming its index', async () => {
        const { store, collection } = await setup('dot', 3);
        await expectError(
          store.upsert(collection, [{ id: 'x', vector: [1, 2, Number.NaN] }]),
          'invalid_vector',
          collection,
          /NaN/,
          /index 2/,
          /"x"/,
        );
        await expectError(
          store.search(collection, { vector: [Number.POSITIVE_INFINITY, 0, 0], topK: 1 }),
          'invalid_vector',
          /Infinity/,
          /index 0/,
        );
      });

      it('a batch with one bad point writes nothing', async () => {
        const { store, collection } = await setup('dot', 2);
        await expectError(
          store.upsert(collection, [
            { id: 1, vector: [1, 0] },
            { id: 2, vector: [1] },
          ]),
          'dimension_mismatch',
        );
        expect(await store.count(collection)).toBe(0);
      });

      it('an unknown collection is named in the error of every operation', async () => {
        const store = await makeStore();
        const missing = `missing_${RUN}`;
        await expectError(store.upsert(missing, [{ id: 1, vector: [1] }]), 'unknown_collection', missing);
        await expectError(store.search(missing, { vector: [1], topK: 1 }), 'unknown_collection', missing);
        await expectError(store.get(missing, [1]), 'unknown_collection', missing);
        await expectError(store.delete(missing, [1]), 'unknown_collection', missing);
        await expectError(store.count(missing), 'unknown_collection', missing);
      });

      it('ids that Qdrant cannot store and a bad topK are invalid requests', async () => {
        const { store, collection } = await setup('dot', 1);
        await expectError(store.upsert(collection, [{ id: -1, vector: [1] }]), 'invalid_request', /-1/);
        await expectError(store.upsert(collection, [{ id: 1.5, vector: [1] }]), 'invalid_request', /1\.5/);
        await expectError(store.search(collection, { vector: [1], topK: 0 }), 'invalid_request', /topK/);
      });

      it('a malformed filter is an invalid request, not an empty result', async () => {
        const { store, collection } = await setup('dot', 1);
        const filter = { must: [{ key: 'lang', equals: 'en' }] } as unknown as Filter;
        await expectError(
          store.search(collection, { vector: [1], topK: 1, filter }),
          'invalid_request',
          /filter\.must\[0\]/,
        );
      });

      it('match values Qdrant cannot read are refused by both stores: decimals, booleans or mixed lists in any', async () => {
        const { store, collection } = await setup('dot', 1);
        const refused: [Filter, RegExp][] = [
          [{ must: [{ key: 'price', match: { value: 9.5 } }] }, /match\.value .*9\.5/],
          [{ must: [{ key: 'flag', match: { any: [true, false] } }] } as unknown as Filter, /match\.any/],
          [{ should: [{ key: 'tag', match: { any: ['a', 1] } }] } as unknown as Filter, /match\.any/],
        ];
        for (const [filter, message] of refused) {
          await expectError(store.count(collection, filter), 'invalid_request', message);
        }
        expect(await store.count(collection, { must: [{ key: 'n', match: { any: [1, 2] } }] })).toBe(0);
        expect(await store.count(collection, { must: [{ key: 'ok', match: { value: true } }] })).toBe(0);
      });
    });
  });
}
