/**
 * DoD-3: the HNSW operating point — the smallest `ef` that keeps the recall target on queries
 * nobody measured yet — and where each of its parameters goes in Qdrant: the graph's `m` and
 * `ef_construct` when the collection is created, `hnsw_ef` with every search.
 */
import { wilsonInterval } from '@workshop/kit';
import type { SearchHit, VectorStore } from '@workshop/vector';
import type { EfRow, HnswGraph } from './ann.ts';
import type { AnnTarget } from './policy.ts';

/** The graph the sweep measured, and the search effort chosen on it. */
export interface OperatingPoint extends HnswGraph {
  /** Candidates each search keeps (Qdrant `hnsw_ef`). */
  ef: number;
}

/**
 * The smallest `ef` of the dev sweep whose Recall@10 meets the target even at the low end of its
 * 95 % interval: the dev mean alone is measured on 150 queries, and the next ones differ.
 */
export function chooseOperatingPoint(sweep: readonly EfRow[], graph: HnswGraph, target: AnnTarget): OperatingPoint {
  const sure = sweep
    .filter((row) => {
      const slots = row.perQuery.length * 10;
      if (slots === 0) return false;
      return wilsonInterval(Math.min(Math.round(row.recallAt10 * slots), slots), slots).low >= target.minRecall;
    })
    .sort((a, b) => a.ef - b.ef);
  const chosen = sure[0];
  if (!chosen) {
    const best = Math.max(...sweep.map((row) => row.recallAt10));
    throw new RangeError(
      `no ef of the sweep reaches Recall@10 ${target.minRecall} for sure (best ${best.toFixed(3)}); try larger ef or m`,
    );
  }
  return { m: graph.m, efConstruct: graph.efConstruct, ef: chosen.ef };
}

/** A Qdrant collection whose HNSW graph is the one the sweep measured. */
export async function createAnnCollection(
  store: VectorStore,
  name: string,
  dimensions: number,
  point: OperatingPoint,
): Promise<void> {
  await store.createCollection({
    name,
    dimensions,
    distance: 'cosine',
    hnsw: { m: point.m, efConstruct: point.efConstruct },
  });
}

/** The top `topK` at the operating point's search effort. */
export function annSearch(
  store: VectorStore,
  collection: string,
  vector: number[],
  point: OperatingPoint,
  topK = 10,
): Promise<SearchHit[]> {
  return store.search(collection, { vector, topK, hnswEf: point.ef });
}
