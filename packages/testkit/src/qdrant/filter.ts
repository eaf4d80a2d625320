/**
 * Qdrant's filter semantics for the subset the workshop uses: must / should / must_not,
 * nested filters, `match` (`value`, `any`, `except`), `range`, `has_id` and `is_empty`.
 * Written from Qdrant's documentation, independently of packages/vector, so the contract
 * suite compares two implementations rather than one with itself.
 */

type Json = Record<string, unknown>;

/** Thrown for a filter Qdrant would reject (or this emulator does not support); answered as 400. */
export class FilterError extends Error {}

/** Whether a point (its id and payload) passes `filter`. A missing or null filter passes all. */
export function matchesFilter(filter: unknown, id: string | number, payload: Json): boolean {
  if (filter === undefined || filter === null) return true;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new FilterError('filter must be an object');
  const f = filter as Json;
  const list = (clause: string): unknown[] => {
    const value = f[clause];
    if (value === undefined || value === null) return [];
    // Qdrant also accepts a single condition instead of a list.
    return Array.isArray(value) ? value : [value];
  };
  const test = (c: unknown) => matchesCondition(c, id, payload);
  if (!list('must').every(test)) return false;
  if (list('must_not').some(test)) return false;
  const should = list('should');
  return should.length === 0 || should.some(test);
}

function matchesCondition(condition: unknown, id: string | number, payload: Json): boolean {
  if (typeof condition !== 'object' || condition === null) throw new FilterError('a condition must be an object');
  const c = condition as Json;
  if ('has_id' in c) {
    const ids = Array.isArray(c.has_id) ? c.has_id : [];
    return ids.some((x) => (typeof x === 'string' ? x.toLowerCase() : x) === id);
  }
  if ('is_empty' in c) {
    const values = readValues(payload, String((c.is_empty as Json | null)?.key ?? ''));
    return values.length === 0;
  }
  if (!('key' in c)) {
    if ('must' in c || 'should' in c || 'must_not' in c) return matchesFilter(c, id, payload);
    throw new FilterError(`unsupported condition ${JSON.stringify(c)}`);
  }
  if (typeof c.key !== 'string') throw new FilterError('condition "key" must be a string');
  const values = readValues(payload, c.key);
  if (c.match !== undefined) {
    const match = c.match as Json;
    if ('value' in match) return values.some((v) => v === match.value);
    if ('any' in match && Array.isArray(match.any)) return values.some((v) => (match.any as unknown[]).includes(v));
    if ('except' in match && Array.isArray(match.except)) {
      return values.length > 0 && values.some((v) => !(match.except as unknown[]).includes(v));
    }
    throw new FilterError(`unsupported match ${JSON.stringify(match)}`);
  }
  if (c.range !== undefined) {
    const r = c.range as { gt?: number | null; gte?: number | null; lt?: number | null; lte?: number | null };
    return values.some(
      (v) =>
        typeof v === 'number' &&
        (r.gt == null || v > r.gt) &&
        (r.gte == null || v >= r.gte) &&
        (r.lt == null || v < r.lt) &&
        (r.lte == null || v <= r.lte),
    );
  }
  throw new FilterError(`condition on "${c.key}" needs "match" or "range" (others are not emulated)`);
}

/** Values at a dotted key; arrays are flattened (Qdrant matches any element). */
function readValues(payload: Json, key: string): unknown[] {
  let current: unknown[] = [payload];
  for (const part of key.replace(/\[\]/g, '').split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (typeof value !== 'object' || value === null) continue;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item === 'object' && item !== null && part in item) next.push((item as Json)[part]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null && v !== undefined);
}
