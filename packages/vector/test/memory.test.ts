import { describe, expect, it } from 'vitest';
import { createMemoryVectorStore } from '../src/memory/store.ts';
import { runVectorStoreContract } from './contract.ts';

runVectorStoreContract('memory', () => createMemoryVectorStore());

describe('memory store internals', () => {
  it('grows past its initial capacity and keeps every vector after swap-deletes', async () => {
    const store = createMemoryVectorStore();
    await store.createCollection({ name: 'grow', dimensions: 5, distance: 'euclid' });
    const points = Array.from({ length: 1000 }, (_, i) => ({ id: i, vector: [i, i % 7, 0, 1, -i] }));
    await store.upsert('grow', points);
    await store.delete(
      'grow',
      Array.from({ length: 500 }, (_, i) => i * 2),
    );
    expect(await store.count('grow')).toBe(500);
    for (const id of [1, 499, 999]) {
      const [point] = await store.get('grow', [id]);
      expect(point?.vector).toEqual([id, id % 7, 0, 1, -id]);
      const [hit] = await store.search('grow', { vector: [id, id % 7, 0, 1, -id], topK: 1 });
      expect(hit).toMatchObject({ id, score: 0 });
    }
  });

  it('keeps payloads apart from the caller’s objects', async () => {
    const store = createMemoryVectorStore();
    await store.createCollection({ name: 'copy', dimensions: 1, distance: 'dot' });
    const payload = { tags: ['a'] };
    await store.upsert('copy', [{ id: 1, vector: [1], payload }]);
    payload.tags.push('changed');
    const [hit] = await store.search('copy', { vector: [1], topK: 1 });
    (hit?.payload.tags as string[] | undefined)?.push('also changed');
    expect((await store.get('copy', [1]))[0]?.payload).toEqual({ tags: ['a'] });
  });

  it('accepts HNSW settings and stays exact', async () => {
    const store = createMemoryVectorStore();
    await store.createCollection({ name: 'c', dimensions: 2, distance: 'cosine', hnsw: { m: 4, efConstruct: 8 } });
    await store.upsert('c', [
      { id: 1, vector: [1, 0] },
      { id: 2, vector: [0, 1] },
    ]);
    const hits = await store.search('c', { vector: [1, 0.1], topK: 2, hnswEf: 1, exact: false });
    expect(hits.map((h) => h.id)).toEqual([1, 2]);
    await expect(store.search('c', { vector: [1, 0], topK: 1, hnswEf: 1.5 })).rejects.toThrow(/hnswEf/);
  });

  it('reports its capabilities', () => {
    expect(createMemoryVectorStore().capabilities).toEqual({
      persistent: false,
      exactSearch: true,
      maxDimensions: 65_536,
    });
  });
});
