/**
 * Qdrant's filters as a v1.19 server reads them, in its two steps: the body is deserialised (a
 * shape it cannot read, such as a float `match.value`, a boolean or mixed `match.any` or an unknown
 * key like `musts`, is a 400 "Format error in JSON body"), then validated (a field condition with a
 * key and nothing else is a 422 "Validation error in JSON body"). Matching follows Qdrant's
 * semantics: `must` / `should` / `must_not` / `min_should`, nested filters, `match` (`value`, `any`,
 * `except`, `text`, `prefix`), numeric and datetime `range`, `values_count`, `is_empty`, `is_null`,
 * `has_id` and `nested`. Geo, phrase, `text_any`, `has_vector` and `slice` conditions are not
 * emulated (400 naming the limitation). Written from Qdrant's schema and docs, independently of
 * packages/vector, so the contract suite compares two implementations rather than one with itself.
 */
import { parsePointId, QdrantError } from './state.ts';

type Json = Record<string, unknown>;

/** Whether a point passes: its id and payload. */
export type PointTest = (id: string | number, payload: Json) => boolean;

const FILTER_FIELDS = ['should', 'min_should', 'must', 'must_not'];
const FIELD_CHECKS = [
  'match',
  'range',
  'geo_bounding_box',
  'geo_radius',
  'geo_polygon',
  'values_count',
  'is_empty',
  'is_null',
];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatError(detail: string): QdrantError {
  return new QdrantError(400, `Format error in JSON body: ${detail}`);
}

function untagged(kind: string, path: string, why: string): QdrantError {
  return formatError(`data did not match any variant of untagged enum ${kind} (at ${path}: ${why})`);
}

function notEmulated(path: string, what: string): QdrantError {
  return new QdrantError(400, `testkit: ${what} conditions are not emulated (at ${path})`);
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** What parsing collects besides the predicate: the paths Qdrant's validator would refuse (422). */
interface Context {
  invalid: string[];
}

/**
 * Reads `filter` (undefined or null: every point passes) into a predicate, or throws the
 * `QdrantError` Qdrant would answer: 400 for a shape it cannot read, 422 for one it refuses.
 */
export function compileFilter(filter: unknown, path = 'filter'): PointTest {
  if (filter === undefined || filter === null) return () => true;
  const context: Context = { invalid: [] };
  const test = parseFilter(filter, path, context, false);
  if (context.invalid.length > 0) {
    throw new QdrantError(422, `Validation error in JSON body: [${context.invalid.join(', ')}]`);
  }
  return test;
}

function parseFilter(raw: unknown, path: string, context: Context, asCondition: boolean): PointTest {
  if (!isObject(raw)) {
    if (asCondition) throw untagged('Condition', path, `${shown(raw)} is not a condition object`);
    throw formatError(`invalid type: ${shown(raw)}, expected struct Filter (at ${path})`);
  }
  for (const key of Object.keys(raw)) {
    if (FILTER_FIELDS.includes(key)) continue;
    const detail = `unknown field \`${key}\`, expected one of \`should\`, \`min_should\`, \`must\`, \`must_not\``;
    if (asCondition) throw untagged('Condition', path, detail);
    throw formatError(`${detail} (at ${path})`);
  }
  const must = parseClause(raw.must, `${path}.must`, context);
  const mustNot = parseClause(raw.must_not, `${path}.must_not`, context);
  const should = parseClause(raw.should, `${path}.should`, context);
  const minShould = parseMinShould(raw.min_should, `${path}.min_should`, context);
  return (id, payload) =>
    must.every((test) => test(id, payload)) &&
    !mustNot.some((test) => test(id, payload)) &&
    (should.length === 0 || should.some((test) => test(id, payload))) &&
    (minShould === undefined || minShould(id, payload));
}

/** A clause holds one condition or a list of them (null: none). */
function parseClause(raw: unknown, path: string, context: Context): PointTest[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map((condition, i) => parseCondition(condition, `${path}[${i}]`, context));
  return [parseCondition(raw, path, context)];
}

function parseMinShould(raw: unknown, path: string, context: Context): PointTest | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw formatError(`invalid type: ${shown(raw)}, expected struct MinShould (at ${path})`);
  if (!('conditions' in raw)) throw formatError(`missing field \`conditions\` (at ${path})`);
  if (!('min_count' in raw)) throw formatError(`missing field \`min_count\` (at ${path})`);
  if (!Array.isArray(raw.conditions)) {
    throw formatError(`invalid type: ${shown(raw.conditions)}, expected a sequence (at ${path}.conditions)`);
  }
  const minCount = raw.min_count;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 0) {
    throw formatError(`invalid value: ${shown(minCount)}, expected usize (at ${path}.min_count)`);
  }
  if (minCount < 1) context.invalid.push(`${path}.min_count: value 0 invalid, must be 1 or more`);
  const conditions = raw.conditions.map((c, i) => parseCondition(c, `${path}.conditions[${i}]`, context));
  return (id, payload) => conditions.filter((test) => test(id, payload)).length >= minCount;
}

function parseCondition(raw: unknown, path: string, context: Context): PointTest {
  if (!isObject(raw)) throw untagged('Condition', path, `${shown(raw)} is not a condition object`);
  if ('key' in raw) return parseFieldCondition(raw, path, context);
  if ('is_empty' in raw) {
    const key = payloadField(raw.is_empty, `${path}.is_empty`);
    return (_id, payload) => readValues(payload, key).length === 0;
  }
  if ('is_null' in raw) {
    const key = payloadField(raw.is_null, `${path}.is_null`);
    return (_id, payload) => isNull(payload, key);
  }
  if ('has_id' in raw) {
    const ids = parseIds(raw.has_id, `${path}.has_id`);
    return (id) => ids.has(id);
  }
  if ('nested' in raw) return parseNested(raw.nested, `${path}.nested`, context);
  if ('has_vector' in raw) throw notEmulated(path, 'has_vector');
  if ('slice' in raw) throw notEmulated(path, 'slice');
  return parseFilter(raw, path, context, true);
}

function payloadField(raw: unknown, path: string): string {
  if (!isObject(raw) || typeof raw.key !== 'string') {
    throw untagged('Condition', path, `expected { "key": string }, got ${shown(raw)}`);
  }
  return raw.key;
}

function parseIds(raw: unknown, path: string): Set<string | number> {
  if (!Array.isArray(raw)) throw untagged('Condition', path, `expected a list of point ids, got ${shown(raw)}`);
  const ids = new Set<string | number>();
  raw.forEach((id, i) => {
    try {
      ids.add(parsePointId(id));
    } catch {
      throw untagged(
        'Condition',
        `${path}[${i}]`,
        `${shown(id)} is not a valid point ID (an unsigned integer or a UUID)`,
      );
    }
  });
  return ids;
}

function parseNested(raw: unknown, path: string, context: Context): PointTest {
  if (!isObject(raw) || typeof raw.key !== 'string' || !('filter' in raw)) {
    throw untagged('Condition', path, `expected { "key": string, "filter": Filter }, got ${shown(raw)}`);
  }
  const key = raw.key.replace(/\[\]$/, '');
  const inner = parseFilter(raw.filter, `${path}.filter`, context, false);
  // Each element of the array at `key` is judged alone, as a payload of its own.
  return (id, payload) => readValues(payload, key).some((element) => isObject(element) && inner(id, element));
}

function parseFieldCondition(raw: Json, path: string, context: Context): PointTest {
  if (typeof raw.key !== 'string') throw untagged('Condition', path, `"key" must be a string, got ${shown(raw.key)}`);
  const key = raw.key;
  const present = FIELD_CHECKS.filter((check) => raw[check] !== undefined && raw[check] !== null);
  if (present.length === 0) {
    context.invalid.push(`${path}: At least one field condition must be specified`);
    return () => false;
  }
  const tests: PointTest[] = [];
  for (const check of present) {
    const at = `${path}.${check}`;
    const value = raw[check];
    if (check === 'match') tests.push(valuesTest(key, parseMatch(value, at)));
    else if (check === 'range') tests.push(valuesTest(key, parseRange(value, at)));
    else if (check === 'values_count') tests.push(parseValuesCount(key, value, at));
    else if (check === 'is_empty' || check === 'is_null') {
      if (typeof value !== 'boolean') throw untagged('Condition', at, `expected a boolean, got ${shown(value)}`);
      const holds: PointTest =
        check === 'is_empty'
          ? (_id, payload) => readValues(payload, key).length === 0
          : (_id, payload) => isNull(payload, key);
      tests.push(value ? holds : (id, payload) => !holds(id, payload));
    } else throw notEmulated(path, check);
  }
  return (id, payload) => tests.every((test) => test(id, payload));
}

/** A test on each value at `key` (array elements one by one): the point passes when one value does. */
function valuesTest(key: string, test: (value: unknown) => boolean): PointTest {
  return (_id, payload) => readValues(payload, key).some(test);
}

type ValueTest = (value: unknown) => boolean;

function isIntegerValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function parseMatch(raw: unknown, path: string): ValueTest {
  if (!isObject(raw)) throw untagged('Match', path, `expected an object, got ${shown(raw)}`);
  if ('value' in raw) {
    const expected = raw.value;
    if (!(typeof expected === 'string' || typeof expected === 'boolean' || isIntegerValue(expected))) {
      throw untagged('Match', `${path}.value`, `${shown(expected)} is not a string, an integer or a boolean`);
    }
    return (value) => value === expected;
  }
  if ('text' in raw) {
    const text = stringField(raw.text, `${path}.text`);
    return (value) => typeof value === 'string' && value.includes(text);
  }
  if ('prefix' in raw) {
    const prefix = stringField(raw.prefix, `${path}.prefix`);
    return (value) => typeof value === 'string' && value.startsWith(prefix);
  }
  if ('text_any' in raw) throw notEmulated(path, 'text_any');
  if ('phrase' in raw) throw notEmulated(path, 'phrase');
  if ('any' in raw) {
    const any = anyVariants(raw.any, `${path}.any`);
    return (value) => any.has(value);
  }
  if ('except' in raw) {
    const except = anyVariants(raw.except, `${path}.except`);
    return (value) => !except.has(value);
  }
  throw untagged(
    'Match',
    path,
    `expected one of value, text, text_any, phrase, prefix, any, except; got ${shown(raw)}`,
  );
}

function stringField(raw: unknown, path: string): string {
  if (typeof raw !== 'string') throw untagged('Match', path, `expected a string, got ${shown(raw)}`);
  return raw;
}

/** A list of strings or a list of integers (empty is allowed: `any` then matches nothing). */
function anyVariants(raw: unknown, path: string): Set<unknown> {
  const ok = Array.isArray(raw) && (raw.every((v) => typeof v === 'string') || raw.every(isIntegerValue));
  if (!ok) throw untagged('AnyVariants', path, `expected a list of strings or a list of integers, got ${shown(raw)}`);
  return new Set(raw as unknown[]);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseRange(raw: unknown, path: string): ValueTest {
  if (!isObject(raw)) throw untagged('RangeInterface', path, `expected an object, got ${shown(raw)}`);
  const bounds = (['gt', 'gte', 'lt', 'lte'] as const).map((name) => [name, raw[name] ?? null] as const);
  const given = bounds.filter(([, v]) => v !== null).map(([, v]) => v);
  const numeric = given.every((v) => typeof v === 'number' && Number.isFinite(v));
  const dated = given.every((v) => typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v)));
  if (!numeric && !dated) {
    throw untagged('RangeInterface', path, 'bounds must all be numbers or all be RFC 3339 date-times');
  }
  const toNumber = numeric
    ? (v: unknown) => (typeof v === 'number' ? v : Number.NaN)
    : (v: unknown) => (typeof v === 'string' ? Date.parse(v) : Number.NaN);
  const limit = Object.fromEntries(bounds.map(([name, v]) => [name, v === null ? undefined : toNumber(v)]));
  return (value) => {
    const x = toNumber(value);
    return (
      !Number.isNaN(x) &&
      (limit.gt === undefined || x > limit.gt) &&
      (limit.gte === undefined || x >= limit.gte) &&
      (limit.lt === undefined || x < limit.lt) &&
      (limit.lte === undefined || x <= limit.lte)
    );
  };
}

function parseValuesCount(key: string, raw: unknown, path: string): PointTest {
  if (!isObject(raw)) throw untagged('Condition', path, `expected an object, got ${shown(raw)}`);
  const limit: Record<string, number | undefined> = {};
  for (const name of ['gt', 'gte', 'lt', 'lte']) {
    const v = raw[name];
    if (v === undefined || v === null) continue;
    if (!isIntegerValue(v) || v < 0)
      throw untagged('Condition', `${path}.${name}`, `${shown(v)} is not an unsigned integer`);
    limit[name] = v;
  }
  return (_id, payload) => {
    const n = readValues(payload, key).length;
    return (
      (limit.gt === undefined || n > limit.gt) &&
      (limit.gte === undefined || n >= limit.gte) &&
      (limit.lt === undefined || n < limit.lt) &&
      (limit.lte === undefined || n <= limit.lte)
    );
  };
}

/** The values reached by a dotted key, before flattening: `undefined` where the path is missing. */
function readRaw(payload: Json, key: string): unknown[] {
  let current: unknown[] = [payload];
  for (const part of key.replace(/\[\]/g, '').split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isObject(item) && part in item) next.push(item[part]);
      }
    }
    current = next;
  }
  return current;
}

/** Values at a dotted key; arrays are flattened (Qdrant matches any element), nulls dropped. */
function readValues(payload: Json, key: string): unknown[] {
  return readRaw(payload, key)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v) => v !== null && v !== undefined);
}

/** `is_null`: the field is there and holds null. */
function isNull(payload: Json, key: string): boolean {
  return readRaw(payload, key).some((v) => v === null);
}
