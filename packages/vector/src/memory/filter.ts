/**
 * Compile a payload filter into a predicate once per query, so a scan over 100k
 * payloads runs plain closures instead of re-reading the filter's shape per point.
 * Semantics follow Qdrant: array fields match when any element does; a missing
 * field fails every field condition (so it passes a `must_not`).
 */
import type { Condition, Filter, MatchValue, Payload } from '../spec.ts';

/** A compiled filter. */
export type PayloadPredicate = (payload: Payload) => boolean;

/** Compile `filter` (already validated) into a predicate. */
export function compileFilter(filter: Filter): PayloadPredicate {
  const must = (filter.must ?? []).map(compileCondition);
  const should = (filter.should ?? []).map(compileCondition);
  const mustNot = (filter.must_not ?? []).map(compileCondition);
  return (payload) => {
    for (const test of must) if (!test(payload)) return false;
    for (const test of mustNot) if (test(payload)) return false;
    if (should.length === 0) return true;
    for (const test of should) if (test(payload)) return true;
    return false;
  };
}

function compileCondition(condition: Condition): PayloadPredicate {
  if (!('key' in condition)) return compileFilter(condition);
  const read = compilePath(condition.key);
  if ('match' in condition) {
    const match = condition.match;
    const accepted: ReadonlySet<MatchValue> = new Set('any' in match ? match.any : [match.value]);
    return (payload) => anyValue(read(payload), (v) => accepted.has(v as MatchValue));
  }
  const { gt, gte, lt, lte } = condition.range;
  const inRange = (v: unknown): boolean =>
    typeof v === 'number' &&
    (gt == null || v > gt) &&
    (gte == null || v >= gte) &&
    (lt == null || v < lt) &&
    (lte == null || v <= lte);
  return (payload) => anyValue(read(payload), inRange);
}

/** A reader for a dotted key (`author.name`). */
function compilePath(key: string): (payload: Payload) => unknown {
  const parts = key.split('.');
  if (parts.length === 1) return (payload) => payload[key];
  return (payload) => {
    let value: unknown = payload;
    for (const part of parts) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
}

/** True when the value (or, for an array, any element) passes. */
function anyValue(value: unknown, test: (v: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.some(test);
  return value !== undefined && test(value);
}
