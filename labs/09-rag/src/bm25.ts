/**
 * BM25 keyword search over chunks, on MiniSearch (BM25+ scoring, maintained, no dependencies).
 * Why a library: tokenisation, an inverted index, incremental add/replace/discard and scoring
 * are exactly what it does well; we only plug in our tokenizer (`terms`: stopwords + stemming)
 * so BM25 and the groundedness check agree on what a word is.
 * Given code: the same file in the starter and the solution.
 */
import MiniSearch from 'minisearch';
import { terms } from './text.ts';
import type { Chunk } from './types.ts';

/** One BM25 hit. */
export interface KeywordHit {
  /** Chunk id. */
  id: string;
  /** BM25+ score: higher is better, unbounded, only comparable within one query. */
  score: number;
}

interface IndexedChunk {
  id: string;
  text: string;
}

/** The text BM25 indexes for a chunk: its heading path, then its text (headings carry the topic). */
export function keywordText(chunk: Chunk): string {
  return [...chunk.headingPath, chunk.text].join('\n');
}

/**
 * An in-process BM25 index of chunks, keyed by chunk id. Ids derive from content, so upserting an
 * id already indexed changes nothing; removal is exact (`remove`, not `discard`), so the term
 * statistics, and therefore every ranking, are the same as if the index had been built afresh.
 */
export class Bm25Index {
  private readonly indexed = new Map<string, IndexedChunk>();
  private readonly engine = new MiniSearch<IndexedChunk>({
    fields: ['text'],
    tokenize: (text) => terms(text),
    // `terms` already lower-cases, drops stopwords and stems.
    processTerm: (term) => term,
    searchOptions: { combineWith: 'OR' },
  });

  /** Number of chunks indexed. */
  get size(): number {
    return this.engine.documentCount;
  }

  /** Add chunks; an id already indexed is skipped (same id, same content). */
  upsert(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) {
      if (this.indexed.has(chunk.id)) continue;
      const doc = { id: chunk.id, text: keywordText(chunk) };
      this.engine.add(doc);
      this.indexed.set(chunk.id, doc);
    }
  }

  /** Remove chunks by id; unknown ids are ignored. */
  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const doc = this.indexed.get(id);
      if (!doc) continue;
      this.engine.remove(doc);
      this.indexed.delete(id);
    }
  }

  /** The `topK` best chunks for `query`, best first. */
  search(query: string, topK: number): KeywordHit[] {
    return this.engine
      .search(query)
      .slice(0, topK)
      .map((hit) => ({ id: String(hit.id), score: hit.score }));
  }
}
