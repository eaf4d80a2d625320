/**
 * The Qdrant adapter on the real `@qdrant/js-client-rest` client, against testkit's
 * emulated Qdrant: the whole contract, then what is specific to talking HTTP.
 */
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { createQdrantVectorStore } from '../src/qdrant/store.ts';
import { runVectorStoreContract } from './contract.ts';

const network = useMockNetwork();
const url = () => network.qdrant.baseURL;

runVectorStoreContract('qdrant (emulated)', () => createQdrantVectorStore({ url: url() }));

describe('qdrant adapter over HTTP', () => {
  async function withCollection(timeoutMs?: number) {
    const store = createQdrantVectorStore({ url: url(), timeoutMs });
    await store.createCollection({ name: 'docs', dimensions: 2, distance: 'cosine' });
    return store;
  }

  it('sends string ids as deterministic UUIDs and keeps the original id in the payload', async () => {
    const store = await withCollection();
    await store.upsert('docs', [{ id: 'handbook.md#3', vector: [1, 0], payload: { title: 'Leave' } }]);
    await store.upsert('docs', [{ id: 'handbook.md#3', vector: [0, 1], payload: { title: 'Leave' } }]);
    const upserts = network.qdrant.requests.filter((r) => r.method === 'PUT' && r.path === '/collections/docs/points');
    expect(upserts).toHaveLength(2);
    const sent = upserts.map(
      (r) => (r.body as { points: { id: string; payload: Record<string, unknown> }[] }).points[0],
    );
    expect(sent[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[1]?.id).toBe(sent[0]?.id);
    expect(sent[0]?.payload).toEqual({ title: 'Leave', __id: 'handbook.md#3' });
    expect(new URL(upserts[0]?.url ?? '').searchParams.get('wait')).toBe('true');
    expect(await store.count('docs')).toBe(1);
  });

  it('searches through the query API with the filter sent unchanged', async () => {
    const store = await withCollection();
    await store.upsert('docs', [{ id: 1, vector: [1, 0], payload: { lang: 'en' } }]);
    const filter = { must: [{ key: 'lang', match: { value: 'en' } }] };
    await store.search('docs', { vector: [1, 0], topK: 3, filter, scoreThreshold: 0.5 });
    const query = network.qdrant.requests.find((r) => r.path === '/collections/docs/points/query');
    expect(query?.body).toMatchObject({ query: [1, 0], limit: 3, filter, score_threshold: 0.5, with_payload: true });
  });

  it('sends the HNSW graph as hnsw_config and the search effort as params.hnsw_ef', async () => {
    const store = createQdrantVectorStore({ url: url() });
    await store.createCollection({ name: 'ann', dimensions: 2, distance: 'cosine', hnsw: { m: 8, efConstruct: 64 } });
    await store.upsert('ann', [{ id: 1, vector: [1, 0] }]);
    expect(await store.search('ann', { vector: [1, 0], topK: 1, hnswEf: 24 })).toHaveLength(1);
    await store.search('ann', { vector: [1, 0], topK: 1, exact: true });
    const create = network.qdrant.requests.find((r) => r.method === 'PUT' && r.path === '/collections/ann');
    expect(create?.body).toMatchObject({ hnsw_config: { m: 8, ef_construct: 64 } });
    const queries = network.qdrant.requests.filter((r) => r.path === '/collections/ann/points/query');
    expect(queries.map((r) => (r.body as { params?: unknown }).params)).toEqual([{ hnsw_ef: 24 }, { exact: true }]);
    const info = await fetch(`${url()}/collections/ann`).then((r) => r.json());
    expect(info.result.config.hnsw_config).toMatchObject({ m: 8, ef_construct: 64, full_scan_threshold: 10_000 });
  });

  it('refuses HNSW settings Qdrant refuses, before sending anything', async () => {
    const store = createQdrantVectorStore({ url: url() });
    const before = network.qdrant.requests.length;
    await expect(
      store.createCollection({ name: 'ann', dimensions: 2, distance: 'cosine', hnsw: { efConstruct: 2 } }),
    ).rejects.toThrow(/hnsw\.efConstruct must be an integer of at least 4, got 2/);
    expect(network.qdrant.requests.length).toBe(before);
    await store.createCollection({ name: 'ann', dimensions: 2, distance: 'cosine' });
    await expect(store.search('ann', { vector: [1, 0], topK: 1, hnswEf: 0 })).rejects.toThrow(
      /hnswEf must be an integer of at least 1, got 0/,
    );
  });

  it('refuses a bad vector before sending anything', async () => {
    const store = await withCollection();
    const before = network.qdrant.requests.length;
    await expect(store.upsert('docs', [{ id: 1, vector: [1, Number.NaN] }])).rejects.toMatchObject({
      code: 'invalid_vector',
    });
    expect(network.qdrant.requests.length).toBe(before);
  });

  it('maps a dimension error from the server (shape cached before another client recreated it)', async () => {
    const store = await withCollection();
    const other = createQdrantVectorStore({ url: url() });
    await other.deleteCollection('docs');
    await other.createCollection({ name: 'docs', dimensions: 3, distance: 'cosine' });
    await expect(store.upsert('docs', [{ id: 1, vector: [1, 0] }])).rejects.toMatchObject({
      code: 'dimension_mismatch',
      message: 'collection "docs" expects vectors of dimension 3, got 2',
    });
    // The stale shape was dropped: the next call validates against the real one.
    await expect(store.upsert('docs', [{ id: 1, vector: [1, 0] }])).rejects.toMatchObject({
      message: 'collection "docs" expects vectors of dimension 3, got 2 (point 1)',
    });
  });

  describe('faults become retryable `unavailable` errors naming the URL', () => {
    it('a 5xx answer', async () => {
      const store = await withCollection();
      network.qdrant.fail({ fault: 'server_error', status: 503 });
      await expect(store.count('docs')).rejects.toMatchObject({
        code: 'unavailable',
        retryable: true,
        status: 503,
        message: expect.stringContaining(`Qdrant at ${url()} answered 503`),
      });
    });

    it('a refused connection', async () => {
      const store = await withCollection();
      network.qdrant.fail({ fault: 'network_error' });
      await expect(store.search('docs', { vector: [1, 0], topK: 1 })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(new RegExp(`Qdrant at ${url()} is unreachable on collection "docs"`)),
      });
    });

    it('a 429 with Retry-After', async () => {
      const store = await withCollection();
      network.qdrant.fail({ fault: 'rate_limit', retryAfterSeconds: 3 });
      await expect(store.count('docs')).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('retry after 3 s'),
      });
    });

    it('a server that never answers, cut by the client timeout', async () => {
      const store = await withCollection(50);
      network.qdrant.fail({ fault: 'timeout' });
      await expect(store.count('docs')).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('did not answer within 50 ms'),
      });
    });

    it('a malformed answer', async () => {
      const store = await withCollection();
      network.qdrant.fail({ fault: 'malformed_json' });
      await expect(store.listCollections()).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('malformed'),
      });
    });
  });

  it('rejects a malformed URL at construction, naming it', () => {
    expect(() => createQdrantVectorStore({ url: 'localhost:6333' })).toThrow(/"localhost:6333".*http/);
  });

  it('reports its capabilities', () => {
    expect(createQdrantVectorStore({ url: url() }).capabilities).toMatchObject({
      persistent: true,
      maxDimensions: 65_536,
    });
  });
});
