/**
 * The lab on a real Qdrant (not a DoD checkpoint: it needs a server).
 * Run: `WORKSHOP_LIVE=1 QDRANT_URL=http://127.0.0.1:6333 npx vitest run` (`docker compose up qdrant` at the root).
 */

import { QDRANT_DEFAULT_GRAPH } from '@lab/ann.ts';
import { DOC_INDEXES, setupCollection } from '@lab/collections.ts';
import { loadCorpus } from '@lab/corpus.ts';
import { annSearch, createAnnCollection } from '@lab/operating-point.ts';
import { EmbeddingPipeline } from '@lab/pipeline.ts';
import { describeLive } from '@workshop/testkit';
import { createQdrantVectorStore } from '@workshop/vector';
import { afterAll, expect, it } from 'vitest';
import { offlineEmbeddings } from './support.ts';

describeLive('QDRANT_URL', 'live: lab 08 collections and pipeline on a real Qdrant', () => {
  // Created lazily: a skipped suite still runs this body to collect its tests.
  const store = () =>
    createQdrantVectorStore({ url: process.env.QDRANT_URL ?? '', apiKey: process.env.QDRANT_API_KEY });
  const collection = `lab08-live-${process.pid}`;
  afterAll(async () => {
    await store().deleteCollection(collection);
    await store().deleteCollection(`${collection}-ann`);
  });

  it('creates the collection with indexes, upserts idempotently and filters', async () => {
    const model = offlineEmbeddings();
    const qdrant = store();
    await setupCollection(qdrant, {
      name: collection,
      dimensions: model.dimensions,
      distance: 'cosine',
      indexes: DOC_INDEXES,
    });
    const pipeline = new EmbeddingPipeline({ model, store: qdrant, collection });
    const docs = loadCorpus();
    await pipeline.index(docs);
    await pipeline.index(docs);
    expect(await qdrant.count(collection)).toBe(docs.length);
    const hits = await pipeline.search('refund for a yearly plan', { topK: 5, filter: { topics: ['billing'] } });
    expect(hits[0]?.id).toBe('billing-06');
    expect(hits.every((h) => h.payload.topic === 'billing')).toBe(true);
    expect(hits[0]?.payload.embeddingVersion).toBe(model.version);
  });

  it('accepts the HNSW operating point: the graph on the collection, ef on each search', async () => {
    const qdrant = store();
    const point = { ...QDRANT_DEFAULT_GRAPH, m: 8, ef: 24 };
    await createAnnCollection(qdrant, `${collection}-ann`, 3, point);
    await qdrant.upsert(`${collection}-ann`, [
      { id: 1, vector: [1, 0, 0] },
      { id: 2, vector: [0, 1, 0] },
    ]);
    const hits = await annSearch(qdrant, `${collection}-ann`, [1, 0.1, 0], point, 2);
    expect(hits.map((h) => h.id)).toEqual([1, 2]);
    const exact = await qdrant.search(`${collection}-ann`, { vector: [1, 0.1, 0], topK: 2, exact: true });
    expect(exact.map((h) => h.id)).toEqual([1, 2]);
  });
});
