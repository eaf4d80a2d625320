/**
 * The HNSW library: USearch (`usearch` on npm, Apache-2.0, Unum Cloud). Its npm package ships
 * prebuilt binaries for Linux, macOS and Windows, so nothing is compiled on install. Its ES-module
 * entry cannot find those binaries from an ES module (it looks for `__dirname`), so the CommonJS
 * entry is loaded. Given code: the same file in the starter and the solution.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Usearch from 'usearch';

const require = createRequire(import.meta.url);

export const usearch = require('usearch') as typeof Usearch;

/** The installed version: part of the cache key of a built graph. */
export const USEARCH_VERSION = (
  JSON.parse(
    readFileSync(path.join(path.dirname(require.resolve('usearch')), '..', '..', '..', 'package.json'), 'utf8'),
  ) as { version: string }
).version;

/**
 * The keys of each query's matches, as row numbers. USearch answers one query with `Matches` and
 * several (a flat array of `count` vectors) with `BatchMatches`, whatever its type declarations say.
 */
export function matchedRows(found: Usearch.Matches | Usearch.BatchMatches, count: number): number[][] {
  if (!(found instanceof usearch.BatchMatches)) return [Array.from(found.keys, Number)];
  return Array.from({ length: count }, (_, q) => Array.from(found.get(q).keys, Number));
}
