// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
import { contentHash } from '@lab/collections.ts';
import { docText } from '@lab/corpus.ts';
import { EmbeddingMismatchError } from '@lab/errors.ts';
import { cacheKey, createMemoryCache, EmbeddingPipeline } from '@lab/pipeline.ts';
import { hashEmbedding } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { createMemoryVectorStore, createQdrantVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { DOCS, embeddingInputs, emulatedEmbeddings, lyingModel, offlineEmbeddings } from './support.ts';

const network = useMockNetwork();
const requests = () => network.openai.embeddingRequests;

describe('(given) the embedding pipeline batches, caches by content hash and stores the model version', () => {
  it('sends the texts in batches of batchSize and returns the vectors in input order', async () => {
    const pipeline = new EmbeddingPipeline({
      model: emulatedEmbeddings(),
      store: createMemoryVectorStore(),
      collection: 'help',
      batchSize: 3,
    });
    const texts = DOCS.map(docText);
    const vectors = await pipeline.embed(texts);
    expect(embeddingInputs(requests())).toEqual([texts.slice(0, 3), texts.slice(3, 6), texts.slice(6)]);
    expect(vectors).toEqual(texts.map((text) => hashEmbedding(text, 384)));
    expect(pipeline.stats).toEqual({ texts: 7, cacheHits: 0, embedded: 7, batches: 3 });
  });

  it('never sends a text twice: duplicates in a call and texts seen before come from the cache', async () => {
    const pipeline = new EmbeddingPipeline({
      model: emulatedEmbeddings(),
      store: createMemoryVectorStore(),
      collection: 'help',
    });
    const [a, b] = await pipeline.embed(['reset my password', 'reset my password']);
    expect(a).toEqual(b);
    await pipeline.embed(['reset my password', 'export notes']);
    expect(embeddingInputs(requests())).toEqual([['reset my password'], ['export notes']]);
    expect(pipeline.stats).toEqual({ texts: 4, cacheHits: 2, embedded: 2, batches: 2 });
  });

  it('keys the cache by model version and content hash, so another model misses it', async () => {
    const model = emulatedEmbeddings(384);
    expect(cacheKey(model, 'hello')).toBe(`${model.version}:${contentHash('hello')}`);
    const cache = createMemoryCache();
    const store = createMemoryVectorStore();
    await new EmbeddingPipeline({ model, store, collection: 'a', cache }).embed(['hello']);
    await new EmbeddingPipeline({ model: emulatedEmbeddings(384), store, collection: 'b', cache }).embed(['hello']);
    expect(requests()).toHaveLength(1);
    await new EmbeddingPipeline({ model: emulatedEmbeddings(256), store, collection: 'c', cache }).embed(['hello']);
    expect(requests()).toHaveLength(2);
    expect(cache.size).toBe(2);
  });

  it('indexes documents with the model id and version on every point; re-indexing embeds only what changed', async () => {
    const model = emulatedEmbeddings();
    const store = createQdrantVectorStore({ url: network.qdrant.baseURL });
    const pipeline = new EmbeddingPipeline({ model, store, collection: 'help' });
    expect(await pipeline.index(DOCS)).toEqual({ upserted: 7, embedded: 7 });
    const stored = await store.get(
      'help',
      DOCS.map((d) => d.id),
    );
    expect(stored).toHaveLength(7);
    for (const point of stored) {
      expect(point.payload).toMatchObject({
        embeddingProvider: 'openai',
        embeddingModel: 'text-embedding-3-small',
        embeddingVersion: model.version,
      });
    }
    const edited = DOCS.map((d) => (d.id === 'syn-02' ? { ...d, text: 'Conflicts keep both copies.' } : d));
    expect(await pipeline.index(edited)).toEqual({ upserted: 7, embedded: 1 });
    expect(embeddingInputs(requests()).flat()).toHaveLength(8);
    expect(await store.count('help')).toBe(7);
    const [hit] = await pipeline.search('both copies conflicts', { topK: 1 });
    expect(hit?.id).toBe('syn-02');
  });

  it('refuses a model whose vectors do not fit the collection, naming both, before embedding anything', async () => {
    const store = createMemoryVectorStore();
    await new EmbeddingPipeline({ model: offlineEmbeddings(384), store, collection: 'help' }).index(DOCS);
    const small = emulatedEmbeddings(256);
    const error = await new EmbeddingPipeline({ model: small, store, collection: 'help' }).index(DOCS).catch((e) => e);
    expect(error).toBeInstanceOf(EmbeddingMismatchError);
    expect(error).toMatchObject({ collection: 'help', modelVersion: small.version, dimensions: 256 });
    expect(error.message).toContain('"help"');
    expect(error.message).toContain(small.version);
    expect(error.message).toMatch(/384/);
    expect(error.message).toMatch(/256/);
    expect(requests()).toHaveLength(0);
    expect(await store.count('help')).toBe(7);
  });

  it('refuses vectors whose length differs from what the model declares, and writes nothing', async () => {
    const store = createMemoryVectorStore();
    const pipeline = new EmbeddingPipeline({ model: lyingModel(64, 48), store, collection: 'help' });
    const error = await pipeline.index(DOCS).catch((e) => e);
    expect(error).toBeInstanceOf(EmbeddingMismatchError);
    expect(error.message).toContain('custom/misconfigured-embedder/64d');
    expect(error.message).toMatch(/48/);
    expect(await store.count('help')).toBe(0);
  });
});
