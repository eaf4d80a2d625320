// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
import { contentHash, DOC_INDEXES, docFilter, docPoint, setupCollection } from '@lab/collections.ts';
import { docText } from '@lab/corpus.ts';
import { hashEmbedding } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import type { VectorStore } from '@workshop/vector';
import { describe, expect, it, vi } from 'vitest';
import { DOCS, offlineEmbeddings, STORES } from './support.ts';

const network = useMockNetwork();
const model = offlineEmbeddings(64);
const points = (docs = DOCS) => docs.map((doc) => docPoint(doc, docText(doc), hashEmbedding(docText(doc), 64), model));
const spec = { name: 'help', dimensions: 64, distance: 'cosine' as const, indexes: DOC_INDEXES };

describe('(given) collection management: building blocks', () => {
  it('content hashes are sha256 hex of the text', () => {
    expect(contentHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentHash('abc ')).not.toBe(contentHash('abc'));
  });

  it('a point has the document id, the vector, and a payload with the fields, content hash and model', () => {
    const doc = DOCS[0] as (typeof DOCS)[number];
    const vector = hashEmbedding(docText(doc), 64);
    const point = docPoint(doc, docText(doc), vector, model);
    expect(point.id).toBe('pay-01');
    expect(point.vector).toEqual(vector);
    expect(point.payload).toEqual({
      topic: 'billing',
      title: 'Refunds',
      text: doc.text,
      updated: 2025,
      contentHash: contentHash(docText(doc)),
      embeddingProvider: 'offline',
      embeddingModel: model.modelId,
      embeddingVersion: model.version,
    });
  });

  it('filters: topics match any listed value, updatedFrom is an inclusive lower bound, nothing → no filter', () => {
    expect(docFilter({})).toBeUndefined();
    expect(docFilter()).toBeUndefined();
    expect(docFilter({ topics: ['billing', 'sync'] })).toEqual({
      must: [{ key: 'topic', match: { any: ['billing', 'sync'] } }],
    });
    expect(docFilter({ updatedFrom: 2024, embeddingVersion: 'v9' })).toEqual({
      must: [
        { key: 'updated', range: { gte: 2024 } },
        { key: 'embeddingVersion', match: { value: 'v9' } },
      ],
    });
  });
});

describe.each(STORES)('DoD-1 collection management on the $name', ({ create }) => {
  const store = (): VectorStore => create(() => network.qdrant.baseURL);

  it('creates the collection with the spec size and distance, and every payload index', async () => {
    const s = store();
    const indexCalls = vi.spyOn(s, 'createPayloadIndex');
    await setupCollection(s, spec);
    expect(await s.hasCollection('help')).toBe(true);
    expect(indexCalls.mock.calls).toEqual(DOC_INDEXES.map((i) => ['help', i.field, i.type]));
    // The collection really has 64 dimensions and cosine distance: another shape is refused…
    await expect(s.createCollection({ name: 'help', dimensions: 32, distance: 'cosine' })).rejects.toMatchObject({
      code: 'collection_exists',
    });
    await expect(s.createCollection({ name: 'help', dimensions: 64, distance: 'dot' })).rejects.toMatchObject({
      code: 'collection_exists',
    });
    // …and a 63-dimensional vector too.
    await expect(s.upsert('help', [{ id: 'x', vector: new Array(63).fill(0.1) }])).rejects.toMatchObject({
      code: 'dimension_mismatch',
    });
  });

  it('is idempotent: setting up twice and upserting the same documents twice leaves one point per id', async () => {
    const s = store();
    await setupCollection(s, spec);
    await setupCollection(s, spec);
    await s.upsert('help', points());
    await s.upsert('help', points());
    expect(await s.count('help')).toBe(DOCS.length);
    const edited = { ...(DOCS[1] as (typeof DOCS)[number]), text: 'Invoices are emailed every month.' };
    await s.upsert('help', points([edited]));
    expect(await s.count('help')).toBe(DOCS.length);
    const [stored] = await s.get('help', ['pay-02']);
    expect(stored?.payload.text).toBe('Invoices are emailed every month.');
    expect(stored?.payload.contentHash).toBe(contentHash(docText(edited)));
  });

  it('filtered search returns the best matching documents among those passing the filter', async () => {
    const s = store();
    await setupCollection(s, spec);
    await s.upsert('help', points());
    const query = hashEmbedding('refund of a yearly plan and invoices', 64);
    const all = await s.search('help', { vector: query, topK: DOCS.length });
    const filter = docFilter({ topics: ['billing', 'sync'], updatedFrom: 2024 });
    const hits = await s.search('help', { vector: query, topK: 3, ...(filter ? { filter } : {}) });
    const expected = all
      .filter(
        (hit) => ['billing', 'sync'].includes(hit.payload.topic as string) && (hit.payload.updated as number) >= 2024,
      )
      .slice(0, 3)
      .map((hit) => hit.id);
    expect(hits.map((hit) => hit.id)).toEqual(expected);
    // Four documents pass (pay-01, pay-03, syn-01, syn-02): the old invoice article and the account ones do not.
    expect(hits).toHaveLength(3);
    expect(hits.map((hit) => hit.id)).not.toContain('pay-02');
  });
});
