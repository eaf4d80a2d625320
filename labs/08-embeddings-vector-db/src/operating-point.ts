/**
 * DoD-3: the HNSW operating point — the smallest `ef` that keeps the recall target on queries
 * nobody measured yet — and where each of its parameters goes in Qdrant.
 */
import type { SearchHit, VectorStore } from '@workshop/vector';
import type { EfRow, HnswGraph } from './ann.ts';
import type { AnnTarget } from './policy.ts';

/** The graph the sweep measured, and the search effort chosen on it. */
export interface OperatingPoint extends HnswGraph {
  /** Candidates each search keeps (Qdrant `hnsw_ef`). */
  ef: number;
}

/** The operating point, from the dev sweep of an index built with `graph`. */
export function chooseOperatingPoint(sweep: readonly EfRow[], graph: HnswGraph, target: AnnTarget): OperatingPoint {
  // TODO (DoD-3): choose the ef that keeps the recall target on the test queries too, and pays for no
  //   more search than that. Judged on the test split (the recall target met, and an ef at most twice
  //   the smallest that meets it there) and by properties on generated sweeps
  //   (test/dod-3-operating-point.test.ts). Calibrate: node labs/08-embeddings-vector-db/src/dev-report.ts
  void sweep;
  void graph;
  void target;
  throw new Error('TODO: chooseOperatingPoint (DoD-3)');
}

/** A Qdrant collection whose HNSW graph is the one the sweep measured. */
export async function createAnnCollection(
  store: VectorStore,
  name: string,
  dimensions: number,
  point: OperatingPoint,
): Promise<void> {
  // TODO (DoD-3): create a cosine collection built with the operating point's graph (see `hnsw` in
  //   packages/vector/src/spec.ts). Judged on the emulated Qdrant: what the create request carries.
  void store;
  void name;
  void dimensions;
  void point;
  throw new Error('TODO: createAnnCollection (DoD-3)');
}

/** The top `topK` at the operating point's search effort. */
export function annSearch(
  store: VectorStore,
  collection: string,
  vector: number[],
  point: OperatingPoint,
  topK = 10,
): Promise<SearchHit[]> {
  // TODO (DoD-3): search with the operating point's search effort (see `SearchRequest` in
  //   packages/vector/src/spec.ts). Judged on the emulated Qdrant: what each query carries.
  void store;
  void collection;
  void vector;
  void point;
  void topK;
  throw new Error('TODO: annSearch (DoD-3)');
}
