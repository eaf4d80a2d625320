/**
 * An HNSW index in memory (USearch), built once with Qdrant's graph parameters and searched at
 * several `ef` values: what approximate search costs in recall against exact search. Given code:
 * the same file in the starter and the solution; you choose the operating point
 * (src/operating-point.ts).
 *
 * A built graph is cached in the OS temp folder, keyed by the vectors, the parameters and the
 * USearch version: building 5,000 vectors takes about half a second, loading the graph a few ms.
 * Sweeps are cached the same way (src/disk-cache.ts).
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { overlapAtK, type ScaleData, type VectorSet } from './collection.ts';
import { CACHE_DIR, cachedJson, cacheKey, sourceOf } from './disk-cache.ts';
import { matchedRows, USEARCH_VERSION, usearch } from './usearch.ts';

/** The HNSW graph's build parameters, in Qdrant's names (`hnsw_config`). */
export interface HnswGraph {
  /** Links per node (Qdrant `m`; USearch `connectivity`). More: better recall at a given ef, more memory. */
  m: number;
  /** Candidate list size while building (Qdrant `ef_construct`; USearch `expansion_add`). */
  efConstruct: number;
}

/** Qdrant's defaults for `hnsw_config`. */
export const QDRANT_DEFAULT_GRAPH: HnswGraph = { m: 16, efConstruct: 100 };

/** The `ef` values the sweep measures (Qdrant's `hnsw_ef`; USearch `expansion_search`). */
export const EF_GRID = [10, 12, 16, 20, 24, 32, 48, 64, 96, 128];

/** Recall@10 of the index at one `ef`, on one split's queries. */
export interface EfRow {
  ef: number;
  /** Mean over queries of |HNSW top 10 ∩ exact top 10| / 10. */
  recallAt10: number;
  /** Recall@10 of each query, in split order. */
  perQuery: number[];
}

const K = 10;

/** An HNSW graph over a vector set, searchable at any `ef`. */
export class HnswIndex {
  readonly graph: HnswGraph;
  readonly size: number;
  /** Identifies the built graph: the vectors, the parameters and the library version. */
  readonly key: string;
  private readonly file: string;
  private readonly dimensions: number;
  private readonly byEf = new Map<number, InstanceType<typeof usearch.Index>>();

  private constructor(key: string, file: string, graph: HnswGraph, set: VectorSet) {
    this.key = key;
    this.file = file;
    this.graph = graph;
    this.size = set.count;
    this.dimensions = set.dimensions;
  }

  /** Build (or load from the cache) the graph of `set` with `graph`'s parameters. Single-threaded: the same graph every time. */
  static build(set: VectorSet, graph: HnswGraph = QDRANT_DEFAULT_GRAPH): HnswIndex {
    const key = cacheKey([USEARCH_VERSION, `${graph.m}:${graph.efConstruct}:${set.dimensions}`, set.data]);
    const file = path.join(CACHE_DIR, `hnsw-${key}.usearch`);
    if (!existsSync(file)) {
      const index = newIndex(set.dimensions, graph, 64);
      index.add(
        BigUint64Array.from({ length: set.count }, (_, i) => BigInt(i)),
        set.data,
        1,
      );
      mkdirSync(CACHE_DIR, { recursive: true });
      // Write then rename: a parallel test worker never loads a half-written file.
      const partial = `${file}.${process.pid}.partial`;
      index.save(partial);
      renameSync(partial, file);
    }
    return new HnswIndex(key, file, graph, set);
  }

  /** The 10 nearest rows of every query at this `ef` (HNSW keeps `ef` candidates while it walks the graph). */
  search(queries: VectorSet, ef: number): number[][] {
    if (!Number.isInteger(ef) || ef < 1) throw new RangeError(`ef must be a positive integer, got ${ef}`);
    let index = this.byEf.get(ef);
    if (!index) {
      // USearch fixes `expansion_search` per index object: load the same graph once per ef.
      index = newIndex(this.dimensions, this.graph, ef);
      index.load(this.file);
      this.byEf.set(ef, index);
    }
    return matchedRows(index.search(queries.data, K, 1), queries.count);
  }
}

function newIndex(dimensions: number, graph: HnswGraph, ef: number) {
  return new usearch.Index({
    dimensions,
    metric: usearch.MetricKind.Cos,
    quantization: usearch.ScalarKind.F32,
    connectivity: graph.m,
    expansion_add: graph.efConstruct,
    expansion_search: ef,
    multi: false,
  });
}

/** Recall@10 at every `ef` of `efs`, on one split's queries (cached on disk by the graph, the queries and the code). */
export function efSweep(index: HnswIndex, data: ScaleData, efs: readonly number[] = EF_GRID): EfRow[] {
  const key = cacheKey([
    sourceOf('ann.ts'),
    index.key,
    JSON.stringify(efs),
    JSON.stringify(data.truth),
    data.queries.data,
  ]);
  return cachedJson('ef-sweep', key, () => measureSweep(index, data, efs));
}

function measureSweep(index: HnswIndex, data: ScaleData, efs: readonly number[]): EfRow[] {
  return efs.map((ef) => {
    const perQuery = index.search(data.queries, ef).map((rows, q) => overlapAtK(rows, data.truth[q] ?? [], K));
    return { ef, recallAt10: perQuery.reduce((sum, x) => sum + x, 0) / Math.max(1, perQuery.length), perQuery };
  });
}
