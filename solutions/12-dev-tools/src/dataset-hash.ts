import { canonicalJson, sha256Hex } from '@workshop/kit';
import type { EvalCase } from './types.ts';

/**
 * The identity of a dataset: what a baseline and a candidate must share before their figures
 * can be compared. Decisions (the cost of each is in the lab's brief):
 * - id, input and expected are hashed: a changed reference answer changes what "pass" means;
 * - canonical JSON, so re-serialising a file (key order, whitespace) keeps its identity;
 * - cases sorted by id, because results are paired by id and the pass rate ignores order:
 *   re-sorting the file is not a new dataset;
 * - tags are left out: they slice the report but change no score, and retagging a case should
 *   not throw away every baseline.
 */
export function datasetHash(cases: readonly EvalCase[]): string {
  const rows = cases
    .map((c) => ({ id: c.id, input: c.input, expected: c.expected }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256Hex(canonicalJson(rows));
}
