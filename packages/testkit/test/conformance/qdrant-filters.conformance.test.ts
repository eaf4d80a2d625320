/**
 * Qdrant filter semantics. Part 1 ports the assertions of Qdrant's own tests/openapi suite
 * (test_filter.py, test_filter_min_should.py, test_match_any_empty.py, test_match_except_empty.py,
 * test_filter_is_empty.py; Apache-2.0) that apply to what the emulator serves: the same points,
 * filters and expected ids. Sparse-vector points and strict mode are left out (not emulated), and
 * /points/search calls become /points/query (v1.19 removed search). Part 2 holds the emulator to
 * the v1.19 Filter schema: it must refuse exactly the filters the schema refuses (400), and a
 * condition with a key and nothing else with 422, as Qdrant's validator does.
 */
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../../src/index.ts';
import { VendorSpecs } from './spec.ts';
import { send } from './wire.ts';

const network = useMockNetwork();
const specs = new VendorSpecs();

const call = (method: string, route: string, body?: unknown) =>
  send(`${network.qdrant.baseURL}${route}`, { method, ...(body === undefined ? {} : { body }) });

async function create(points: unknown[], size = 4) {
  await call('PUT', '/collections/test', { vectors: { size, distance: 'Dot' } });
  const answer = await call('PUT', '/collections/test/points?wait=true', { points });
  expect(answer.status).toBe(200);
}

/** tests/openapi/helpers/collection_setup.py basic_collection_setup, without the sparse-only points 9 and 10. */
const basicPoints = [
  { id: 1, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: 'Berlin', price: 10.0 } },
  { id: 2, vector: [0.19, 0.81, 0.75, 0.11], payload: { city: ['Berlin', 'London'], price: 11.0 } },
  { id: 3, vector: [0.36, 0.55, 0.47, 0.94], payload: { city: ['Berlin', 'Moscow'], price: 9.5 } },
  { id: 4, vector: [0.18, 0.01, 0.85, 0.8], payload: { city: ['London', 'Moscow'], price: 9 } },
  { id: 5, vector: [0.24, 0.18, 0.22, 0.44], payload: { count: 0 } },
  { id: 6, vector: [0.35, 0.08, 0.11, 0.44] },
  { id: 7, vector: [0.25, 0.98, 0.14, 0.43], payload: { city: null, price: null } },
  { id: 8, vector: [0.79, 0.53, 0.72, 0.15], payload: { city: [], price: [] } },
];

/** multipayload_collection_setup. */
const multipayloadPoints = [
  { id: 1, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: 'Berlin', color: 'red' } },
  { id: 2, vector: [0.19, 0.81, 0.75, 0.11], payload: { city: ['Berlin', 'London'], color: 'green' } },
  { id: 3, vector: [0.36, 0.55, 0.47, 0.94], payload: { city: ['Berlin', 'Moscow'], color: 'blue' } },
  { id: 4, vector: [0.18, 0.01, 0.85, 0.8], payload: { city: ['London', 'Moscow'], color: 'red' } },
  { id: 5, vector: [0.24, 0.18, 0.22, 0.44], payload: { city: 'Seoul', color: 'red', count: 0 } },
  { id: 6, vector: [0.35, 0.08, 0.11, 0.44], payload: { city: 'Berlin', color: 'red', count: 1, price: 10.0 } },
  { id: 7, vector: [0.25, 0.98, 0.14, 0.43], payload: { city: 'London', color: 'red', count: 0, price: 50.0 } },
  { id: 8, vector: [0.19, 0.53, 0.72, 0.15], payload: { city: 'Moscow', color: 'red', count: 1, price: 100.0 } },
];

const ids = (answer: { body: unknown }) =>
  ((answer.body as { result: { points: { id: number }[] } }).result.points ?? [])
    .map((p) => p.id)
    .sort((a, b) => a - b);

const query = (body: Record<string, unknown>) => call('POST', '/collections/test/points/query', body);
const scroll = (filter: unknown) => call('POST', '/collections/test/points/scroll', { filter, limit: 10 });

const minShould = {
  conditions: [
    { key: 'city', match: { any: ['Berlin', 'Moscow'] } },
    { key: 'color', match: { value: 'red' } },
    { key: 'count', match: { value: 0 } },
  ],
  min_count: 2,
};

describe('Qdrant tests/openapi ports: test_filter.py', () => {
  it('test_match_any', async () => {
    await create(basicPoints);
    const answer = await query({
      query: [0.2, 0.1, 0.9, 0.7],
      limit: 3,
      filter: { must: [{ key: 'city', match: { any: ['London', 'Moscow'] } }] },
    });
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([2, 3, 4]);
  });

  it('test_just_key: a condition with a key only is a 422 validation error', async () => {
    await create(basicPoints);
    const answer = await query({ query: [0.2, 0.1, 0.9, 0.7], limit: 3, filter: { must: [{ key: 'city' }] } });
    expect(answer.status).toBe(422);
    const error = (answer.body as { status: { error: string } }).status.error;
    expect(error).toContain('Validation error in JSON body');
    expect(error).toContain('At least one field condition must be specified');
  });
});

describe('Qdrant tests/openapi ports: test_filter_min_should.py', () => {
  it('test_min_should_never', async () => {
    await create(multipayloadPoints);
    const answer = await query({
      filter: {
        min_should: {
          conditions: [{ has_id: [1, 2] }, { has_id: [4, 5, 6] }, { has_id: [7, 8, 9, 10] }],
          min_count: 2,
        },
      },
      limit: 100,
    });
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([]);
  });

  it('test_min_should', async () => {
    await create(multipayloadPoints);
    const answer = await query({ query: [0.2, 0.1, 0.9, 0.7], limit: 6, filter: { min_should: minShould } });
    expect(ids(answer)).toEqual([1, 4, 5, 6, 7, 8]);
  });

  it('test_min_should_combined_with_must', async () => {
    await create(multipayloadPoints);
    const answer = await query({
      query: [0.2, 0.1, 0.9, 0.7],
      limit: 2,
      filter: { min_should: minShould, must: [{ key: 'price', range: { gt: null, gte: 50.0, lt: null, lte: 200.0 } }] },
    });
    expect(ids(answer)).toEqual([7, 8]);
  });

  it('test_nested_min_should', async () => {
    await create(multipayloadPoints);
    const answer = await query({
      query: [0.2, 0.1, 0.9, 0.7],
      limit: 2,
      filter: { must_not: [{ min_should: minShould }] },
    });
    expect(ids(answer)).toEqual([2, 3]);
  });

  it('test_missing_min_count', async () => {
    await create(multipayloadPoints);
    const answer = await query({
      query: [0.2, 0.1, 0.9, 0.7],
      limit: 3,
      filter: { min_should: { conditions: [{ key: 'city', match: { any: ['London', 'Moscow'] } }] } },
    });
    expect(answer.status).toBe(400);
  });
});

describe('Qdrant tests/openapi ports: test_match_any_empty.py and test_match_except_empty.py', () => {
  const points = [
    { id: 1, vector: [1.0, 0.0], payload: { n: 1, tag: 'a', uid: '550e8400-e29b-41d4-a716-446655440001' } },
    { id: 2, vector: [0.0, 1.0], payload: { n: 2, tag: 'b', uid: '550e8400-e29b-41d4-a716-446655440002' } },
    { id: 3, vector: [1.0, 1.0], payload: { n: 3, tag: 'c', uid: '550e8400-e29b-41d4-a716-446655440003' } },
  ];
  const scrollIds = async (filter: unknown) => {
    const answer = await scroll(filter);
    expect(answer.status).toBe(200);
    return ids(answer);
  };

  it.each(['n', 'tag', 'uid'])('match any [] on %s matches nothing, with or without an index', async (key) => {
    await create(points, 2);
    expect(await scrollIds({ must: [{ key, match: { any: [] } }] })).toEqual([]);
    await call('PUT', '/collections/test/index?wait=true', {
      field_name: key,
      field_schema: key === 'n' ? 'integer' : key === 'tag' ? 'keyword' : 'uuid',
    });
    expect(await scrollIds({ must: [{ key, match: { any: [] } }] })).toEqual([]);
  });

  it('match any with one integer or one string matches it', async () => {
    await create(points, 2);
    expect(await scrollIds({ must: [{ key: 'n', match: { any: [1] } }] })).toEqual([1]);
    expect(await scrollIds({ must: [{ key: 'tag', match: { any: ['a'] } }] })).toEqual([1]);
    expect(await scrollIds({ must: [{ key: 'n', match: { any: [1, 2] } }] })).toEqual([1, 2]);
  });

  it('match any [] inside must_not excludes nothing', async () => {
    await create(points, 2);
    expect(await scrollIds({ must_not: [{ key: 'n', match: { any: [] } }] })).toEqual([1, 2, 3]);
  });

  it.each(['n', 'tag'])('match except [] on %s returns every point that has the field', async (key) => {
    await create(points, 2);
    expect(await scrollIds({ must: [{ key, match: { except: [] } }] })).toEqual([1, 2, 3]);
  });
});

describe('Qdrant tests/openapi ports: test_filter_is_empty.py', () => {
  it('test_filter_is_empty', async () => {
    await call('PUT', '/collections/test', { vectors: { size: 3, distance: 'Dot' } });
    await call('PUT', '/collections/test/index?wait=true', { field_name: 'a', field_schema: 'keyword' });
    await call('PUT', '/collections/test/points?wait=true', {
      points: [
        { id: 1, vector: [0.05, 0.61, 0.76] },
        { id: 2, vector: [0.19, 0.81, 0.75] },
        { id: 3, vector: [0.36, 0.55, 0.47] },
      ],
    });
    const answer = await query({ filter: { must: [{ is_empty: { key: 'a' } }] }, query: [0.1, 0.1, 0.1], limit: 2 });
    expect(answer.status).toBe(200);
    expect(ids(answer)).toHaveLength(2);
  });
});

/** Filters the emulator must judge as Qdrant v1.19 does: by its Filter schema, then its validator. */
const corpus: [string, unknown][] = [
  ['match value string', { must: [{ key: 'city', match: { value: 'Berlin' } }] }],
  ['match value integer', { must: [{ key: 'count', match: { value: 0 } }] }],
  ['match value boolean', { must: [{ key: 'flag', match: { value: true } }] }],
  ['match value float', { must: [{ key: 'price', match: { value: 9.5 } }] }],
  ['match value null', { must: [{ key: 'price', match: { value: null } }] }],
  ['match any strings', { must: [{ key: 'city', match: { any: ['Berlin', 'Moscow'] } }] }],
  ['match any integers', { must: [{ key: 'count', match: { any: [0, 1] } }] }],
  ['match any empty', { must: [{ key: 'city', match: { any: [] } }] }],
  ['match any booleans', { must: [{ key: 'flag', match: { any: [true, false] } }] }],
  ['match any mixed', { must: [{ key: 'city', match: { any: ['Berlin', 1] } }] }],
  ['match any floats', { must: [{ key: 'price', match: { any: [9.5] } }] }],
  ['match except strings', { must_not: [{ key: 'city', match: { except: ['Berlin'] } }] }],
  ['match except mixed', { must: [{ key: 'city', match: { except: ['Berlin', 2] } }] }],
  ['match text', { must: [{ key: 'city', match: { text: 'Ber' } }] }],
  ['range numbers', { must: [{ key: 'price', range: { gte: 9, lt: 11 } }] }],
  ['range all null', { must: [{ key: 'price', range: { gt: null, lte: null } }] }],
  ['range datetime', { must: [{ key: 'at', range: { gte: '2024-01-01T00:00:00Z' } }] }],
  ['range not a date', { must: [{ key: 'price', range: { gte: 'soon' } }] }],
  ['should and must_not', { should: [{ key: 'city', match: { value: 'London' } }], must_not: [{ has_id: [1] }] }],
  ['a single condition instead of a list', { must: { key: 'city', match: { value: 'Berlin' } } }],
  ['nested filter as condition', { must: [{ should: [{ key: 'count', match: { value: 0 } }] }] }],
  ['min_should', { min_should: { conditions: [{ has_id: [1] }, { has_id: [2] }], min_count: 1 } }],
  ['min_should without min_count', { min_should: { conditions: [{ has_id: [1] }] } }],
  ['unknown top-level key musts', { musts: [{ key: 'city', match: { value: 'Berlin' } }] }],
  ['unknown key in a nested filter', { must: [{ must: [], musts: [] }] }],
  ['has_id with numbers and a uuid', { must: [{ has_id: [1, '550e8400-e29b-41d4-a716-446655440001'] }] }],
  ['has_id with a bad id', { must: [{ has_id: ['not-a-uuid'] }] }],
  ['is_empty', { must: [{ is_empty: { key: 'city' } }] }],
  ['is_null', { must: [{ is_null: { key: 'city' } }] }],
  ['values_count', { must: [{ key: 'city', values_count: { gte: 2 } }] }],
  ['nested', { must: [{ nested: { key: 'items', filter: { must: [{ key: 'a', match: { value: 1 } }] } } }] }],
  ['a condition that is not an object', { must: ['city'] }],
  ['match with no variant', { must: [{ key: 'city', match: {} }] }],
  ['key only', { must: [{ key: 'city' }] }],
  ['key only inside should', { should: [{ key: 'city', match: null }] }],
];

/** What a FieldCondition can check besides its key, from the v1.19 schema. */
const fieldChecks = specs.propertiesOf('qdrant', 'FieldCondition').filter((name) => name !== 'key');

/** Qdrant's validator: a field condition needs one of its checks besides the key (422). */
function hasKeyOnlyCondition(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  const f = filter as Record<string, unknown>;
  const listed = (value: unknown): unknown[] =>
    value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const minShould = f.min_should as { conditions?: unknown } | null | undefined;
  const conditions = [...listed(f.must), ...listed(f.should), ...listed(f.must_not), ...listed(minShould?.conditions)];
  return conditions.some((condition) => {
    if (typeof condition !== 'object' || condition === null) return false;
    const c = condition as Record<string, unknown>;
    if (typeof c.key === 'string') return fieldChecks.every((k) => c[k] === undefined || c[k] === null);
    if (c.nested) return hasKeyOnlyCondition((c.nested as { filter?: unknown }).filter);
    return hasKeyOnlyCondition(c);
  });
}

describe('Qdrant conformance: the emulator judges filters as the v1.19 schema and validator do', () => {
  it.each(corpus)('%s', async (_name, filter) => {
    await create(basicPoints);
    const schemaErrors = specs.check('qdrant', 'Filter', filter);
    const expected = schemaErrors.length > 0 ? 400 : hasKeyOnlyCondition(filter) ? 422 : 200;
    const answer = await call('POST', '/collections/test/points/count', { filter });
    expect(answer.status, `schema: ${schemaErrors.join('; ') || 'valid'}`).toBe(expected);
    if (expected !== 200)
      expect(
        specs.checkResponse(
          'qdrant',
          'POST',
          '/collections/{collection_name}/points/count',
          answer.status,
          answer.body,
        ),
      ).toEqual([]);
  });
});
