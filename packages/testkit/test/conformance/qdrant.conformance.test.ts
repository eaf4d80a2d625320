/**
 * The Qdrant emulator against Qdrant v1.19's own OpenAPI description (spec/qdrant.openapi.json):
 * every endpoint it serves, answers and errors, as sent on the wire.
 */
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../../src/index.ts';
import { VendorSpecs } from './spec.ts';
import { send } from './wire.ts';

const network = useMockNetwork();
const specs = new VendorSpecs();

const call = (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(`${network.qdrant.baseURL}${route}`, { method, ...(body === undefined ? {} : { body }), headers });

/** Sends a request and checks its answer against the spec's schema for that route and status. */
async function conforms(method: string, route: string, template: string, body?: unknown) {
  const answer = await call(method, route, body);
  expect(specs.checkResponse('qdrant', method, template, answer.status, answer.body), `${method} ${route}`).toEqual([]);
  return answer;
}

async function seed() {
  await call('PUT', '/collections/docs', { vectors: { size: 2, distance: 'Dot' } });
  await call('PUT', '/collections/docs/points?wait=true', {
    points: [
      { id: 1, vector: [0.6, 0.8], payload: { lang: 'en', n: 1 } },
      { id: 2, vector: [0.1, 0.3], payload: { lang: 'de', n: 2 } },
      { id: '0b6f43c2-33a7-4c5a-9d33-8ed8c7e0b4d1', vector: [0.7, 0.2], payload: { lang: 'en', n: 3 } },
    ],
  });
}

describe('Qdrant conformance: service', () => {
  it('GET / is a VersionInfo reporting a 1.19 server', async () => {
    const answer = await conforms('GET', '/', '/');
    expect((answer.body as { version: string }).version).toMatch(/^1\.19\./);
  });

  it.each(['/healthz', '/readyz'])('GET %s answers text', async (route) => {
    const answer = await conforms('GET', route, route);
    expect(answer.status).toBe(200);
  });
});

describe('Qdrant conformance: collections', () => {
  it('create, list, exists, info and delete answer in the spec’s envelopes', async () => {
    await conforms('PUT', '/collections/docs', '/collections/{collection_name}', {
      vectors: { size: 4, distance: 'Cosine' },
    });
    await conforms('GET', '/collections', '/collections');
    await conforms('GET', '/collections/docs/exists', '/collections/{collection_name}/exists');
    await conforms('GET', '/collections/docs', '/collections/{collection_name}');
    await conforms('PUT', '/collections/docs/index', '/collections/{collection_name}/index', {
      field_name: 'lang',
      field_schema: 'keyword',
    });
    await conforms('GET', '/collections/docs', '/collections/{collection_name}');
    await conforms('DELETE', '/collections/docs', '/collections/{collection_name}');
  });

  it('a missing collection is a 404 ErrorResponse; a duplicate a 409; a bad size a 422', async () => {
    expect((await conforms('GET', '/collections/nope', '/collections/{collection_name}')).status).toBe(404);
    await call('PUT', '/collections/docs', { vectors: { size: 2, distance: 'Dot' } });
    const again = await conforms('PUT', '/collections/docs', '/collections/{collection_name}', {
      vectors: { size: 2, distance: 'Dot' },
    });
    expect(again.status).toBe(409);
    const bad = await conforms('PUT', '/collections/other', '/collections/{collection_name}', {
      vectors: { size: 0, distance: 'Dot' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('Qdrant conformance: HNSW settings', () => {
  it('keeps hnsw_config, reports it in collection info, and checks params as Qdrant does', async () => {
    await conforms('PUT', '/collections/ann', '/collections/{collection_name}', {
      vectors: { size: 2, distance: 'Cosine' },
      hnsw_config: { m: 8, ef_construct: 64 },
    });
    const info = await conforms('GET', '/collections/ann', '/collections/{collection_name}');
    expect((info.body as { result: { config: { hnsw_config: unknown } } }).result.config.hnsw_config).toMatchObject({
      m: 8,
      ef_construct: 64,
      full_scan_threshold: 10_000,
    });
    const tooSmall = await conforms('PUT', '/collections/bad', '/collections/{collection_name}', {
      vectors: { size: 2, distance: 'Cosine' },
      hnsw_config: { ef_construct: 2 },
    });
    expect(tooSmall.status).toBe(422);
    await call('PUT', '/collections/ann/points?wait=true', { points: [{ id: 1, vector: [1, 0] }] });
    const ok = await call('POST', '/collections/ann/points/query', { query: [1, 0], params: { hnsw_ef: 16 } });
    expect(ok.status).toBe(200);
    const notANumber = await call('POST', '/collections/ann/points/query', { query: [1, 0], params: { hnsw_ef: 'x' } });
    expect(notANumber.status).toBe(400);
    const exact = await call('POST', '/collections/ann/points/query', { query: [1, 0], params: { exact: 'yes' } });
    expect(exact.status).toBe(400);
  });
});

describe('Qdrant conformance: points', () => {
  it('upsert with wait=true is completed; retrieve, count, scroll, query and delete conform', async () => {
    await call('PUT', '/collections/docs', { vectors: { size: 2, distance: 'Dot' } });
    const upsert = await conforms(
      'PUT',
      '/collections/docs/points?wait=true',
      '/collections/{collection_name}/points',
      {
        points: [
          { id: 1, vector: [0.6, 0.8], payload: { lang: 'en' } },
          { id: 2, vector: [0.1, 0.3] },
        ],
      },
    );
    expect(upsert.body).toMatchObject({ result: { status: 'completed' } });
    await conforms('POST', '/collections/docs/points', '/collections/{collection_name}/points', {
      ids: [1, 2],
      with_vector: true,
    });
    await conforms('POST', '/collections/docs/points/count', '/collections/{collection_name}/points/count', {});
    await conforms('POST', '/collections/docs/points/scroll', '/collections/{collection_name}/points/scroll', {
      limit: 1,
      with_vector: true,
    });
    await conforms('POST', '/collections/docs/points/query', '/collections/{collection_name}/points/query', {
      query: [1, 0],
      with_payload: true,
      with_vector: true,
    });
    await conforms(
      'POST',
      '/collections/docs/points/delete?wait=true',
      '/collections/{collection_name}/points/delete',
      {
        points: [2],
      },
    );
  });

  it('upsert with wait=false is only acknowledged, and a read right after may not see it yet', async () => {
    await seed();
    const upsert = await conforms(
      'PUT',
      '/collections/docs/points?wait=false',
      '/collections/{collection_name}/points',
      {
        points: [{ id: 9, vector: [1, 1] }],
      },
    );
    expect(upsert.body).toMatchObject({ result: { status: 'acknowledged' } });
    const before = await call('POST', '/collections/docs/points/count', {});
    expect(before.body).toMatchObject({ result: { count: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await call('POST', '/collections/docs/points/count', {});
    expect(after.body).toMatchObject({ result: { count: 4 } });
  });

  it('returns stored vectors as float32 values (0.6 reads back as 0.6, not 0.6000000238418579)', async () => {
    await seed();
    const answer = await call('POST', '/collections/docs/points', { ids: [1], with_vector: true });
    expect(answer.body).toMatchObject({ result: [{ id: 1, vector: [0.6, 0.8] }] });
    // Scores are float32 too: 0.7 × 1 + 0.2 × 0 computed in float32 is written 0.7.
    const query = await call('POST', '/collections/docs/points/query', { query: [1, 0], limit: 1 });
    expect(query.body).toMatchObject({ result: { points: [{ score: 0.7 }] } });
  });

  it('a vector of the wrong size and an invalid id are 400 ErrorResponses', async () => {
    await seed();
    const wrong = await conforms('PUT', '/collections/docs/points', '/collections/{collection_name}/points', {
      points: [{ id: 5, vector: [1, 2, 3] }],
    });
    expect(wrong.status).toBe(400);
    const badId = await conforms('PUT', '/collections/docs/points', '/collections/{collection_name}/points', {
      points: [{ id: 'not-a-uuid', vector: [1, 2] }],
    });
    expect(badId.status).toBe(400);
  });

  it('has no /points/search: v1.19 removed it (use /points/query)', async () => {
    await seed();
    const answer = await call('POST', '/collections/docs/points/search', { vector: [1, 0], limit: 1 });
    expect(answer.status).toBe(404);
  });
});

describe('Qdrant conformance: api key', () => {
  it('answers without a key when none is configured, as a server started without one', async () => {
    expect((await call('GET', '/collections')).status).toBe(200);
  });

  it('with an api key configured, refuses a missing or wrong key with 401 and accepts api-key or Bearer', async () => {
    network.qdrant.apiKey = 'secret';
    const missing = await call('GET', '/collections');
    expect(missing.status).toBe(401);
    expect(specs.checkResponse('qdrant', 'GET', '/collections', 401, missing.body)).toEqual([]);
    expect((await call('GET', '/collections', undefined, { 'api-key': 'wrong' })).status).toBe(401);
    expect((await call('GET', '/collections', undefined, { 'api-key': 'secret' })).status).toBe(200);
    expect((await call('GET', '/collections', undefined, { authorization: 'Bearer secret' })).status).toBe(200);
  });
});
