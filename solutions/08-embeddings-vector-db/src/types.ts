/**
 * The lab's data types. Given code: the same file in the starter and the solution.
 */

/** One help-centre article of the corpus (`fixtures/corpus.json`). */
export interface Doc {
  /** Stable id, e.g. `billing-03`: the point id in every collection, so re-indexing replaces, never duplicates. */
  id: string;
  /** Section of the help centre: `billing`, `account`, `sync`, `sharing`, `import` or `mobile`. */
  topic: string;
  /** Article title. */
  title: string;
  /** Article body (one or two sentences). */
  text: string;
  /** Year the article was last updated; an integer payload field for range filters. */
  updated: number;
}

/** A query with the ids of the documents that answer it (binary relevance, labelled by hand). */
export interface LabelledQuery {
  /** Query id, e.g. `q07` or `none03`. */
  id: string;
  /** What the user typed. */
  text: string;
  /** Ids of the relevant documents; empty when the corpus does not answer the query. */
  relevant: string[];
}

/** One retrieved document: its id and the store's score (cosine similarity here: higher is better). */
export interface RankedHit {
  id: string;
  score: number;
}

/** The retrieval result of one labelled query, best hit first. */
export interface QueryRun {
  /** `LabelledQuery.id`. */
  queryId: string;
  /** `LabelledQuery.relevant`. */
  relevant: string[];
  /** Hits, best first, as many as were asked for (no threshold applied yet). */
  hits: RankedHit[];
}
