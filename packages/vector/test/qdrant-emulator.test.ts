/**
 * The emulated Qdrant speaks Qdrant's wire format: checked with the raw client and raw
 * fetch, independently of the adapter, so the adapter is tested against real shapes.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

const network = useMockNetwork();

function client() {
  return new QdrantClient({ url: network.qdrant.baseURL, checkCompatibility: false });
}

async function raw(method: string, path: string, body?: unknown) {
  const response = await fetch(`${network.qdrant.baseURL}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('qdrant emulator wire format', () => {
  it('answers in the { result, status: "ok", time } envelope', async () => {
    const created = await raw('PUT', '/collections/c', { vectors: { size: 2, distance: 'Dot' } });
    expect(created).toEqual({ status: 200, json: { result: true, status: 'ok', time: expect.any(Number) } });
    const exists = await raw('GET', '/collections/c/exists');
    expect(exists.json.result).toEqual({ exists: true });
    expect(network.qdrant.collectionNames()).toEqual(['c']);
  });

  it('answers a missing collection with 404 and Qdrant’s message', async () => {
    const missing = await raw('POST', '/collections/nope/points/count', {});
    expect(missing).toEqual({
      status: 404,
      json: { status: { error: "Not found: Collection `nope` doesn't exist!" }, time: expect.any(Number) },
    });
  });

  it('refuses a duplicate collection with 409 and a wrong dimension with 400, as Qdrant does', async () => {
    await raw('PUT', '/collections/c', { vectors: { size: 3, distance: 'Cosine' } });
    const again = await raw('PUT', '/collections/c', { vectors: { size: 3, distance: 'Cosine' } });
    expect(again.status).toBe(409);
    expect(again.json.status).toEqual({ error: 'Wrong input: Collection `c` already exists!' });
    const wrong = await raw('PUT', '/collections/c/points?wait=true', { points: [{ id: 1, vector: [1, 2] }] });
    expect(wrong.status).toBe(400);
    expect(wrong.json.status).toEqual({ error: 'Wrong input: Vector dimension error: expected dim: 3, got 2' });
    const badId = await raw('PUT', '/collections/c/points', { points: [{ id: 'not-a-uuid', vector: [1, 2, 3] }] });
    expect(badId.status).toBe(400);
  });

  it('works with the real client: upsert, retrieve, query with filter and threshold, scroll, delete', async () => {
    const qdrant = client();
    await qdrant.createCollection('c', { vectors: { size: 2, distance: 'Euclid' } });
    await qdrant.createPayloadIndex('c', { field_name: 'lang', field_schema: 'keyword', wait: true });
    await qdrant.upsert('c', {
      wait: true,
      points: [
        { id: 1, vector: [0, 0], payload: { lang: 'en' } },
        { id: 2, vector: [3, 4], payload: { lang: 'en' } },
        { id: '0b6f43c2-33a7-4c5a-9d33-8ed8c7e0b4d1', vector: [1, 0], payload: { lang: 'de' } },
      ],
    });
    expect(await qdrant.retrieve('c', { ids: [2], with_vector: true })).toEqual([
      { id: 2, payload: { lang: 'en' }, vector: [3, 4] },
    ]);
    const { points } = await qdrant.query('c', {
      query: [0, 0],
      limit: 5,
      with_payload: true,
      score_threshold: 4,
      filter: { must: [{ key: 'lang', match: { value: 'en' } }] },
    });
    expect(points.map((p) => [p.id, p.score])).toEqual([[1, 0]]);
    const page = await qdrant.scroll('c', { limit: 2 });
    expect(page.points.map((p) => p.id)).toEqual([1, 2]);
    expect(page.next_page_offset).toBe('0b6f43c2-33a7-4c5a-9d33-8ed8c7e0b4d1');
    await qdrant.delete('c', { wait: true, points: [1] });
    expect(await qdrant.count('c')).toEqual({ count: 2 });
    const info = await qdrant.getCollection('c');
    expect(info.config.params.vectors).toEqual({ size: 2, distance: 'Euclid' });
    expect(info.payload_schema).toMatchObject({ lang: { data_type: 'keyword' } });
  });

  it('forgets collections and recorded requests on reset', async () => {
    await raw('PUT', '/collections/c', { vectors: { size: 1, distance: 'Dot' } });
    network.qdrant.reset();
    expect(network.qdrant.collectionNames()).toEqual([]);
    expect(network.qdrant.requests).toEqual([]);
  });
});
