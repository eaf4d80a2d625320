/**
 * The data that flows through the pipeline: documents → chunks → retrieved chunks.
 * Given code: the same file in the starter and the solution.
 */

/** One Markdown document of the corpus. */
export interface SourceDocument {
  /** Where it comes from, e.g. `returns-and-refunds.md`; part of every chunk id. */
  source: string;
  /** The Markdown text. */
  text: string;
}

/** A piece of a document small enough to embed, retrieve and cite. */
export interface Chunk {
  /** Stable id: the same source, heading path and text always give the same id. */
  id: string;
  /** The document it comes from (`SourceDocument.source`). */
  source: string;
  /** Headings above the text, outermost first, e.g. `['Returns and refunds', 'Refund window']`. */
  headingPath: string[];
  /** Position of the chunk within its document, from 0 (for ordering; not part of the id). */
  ordinal: number;
  /** The chunk's text, without the heading lines (they live in `headingPath`). */
  text: string;
  /** `countTokens(text)` from `@workshop/llm`. */
  tokens: number;
}

/** How documents are cut into chunks. */
export interface ChunkingOptions {
  /** Largest chunk, in tokens (`countTokens`). A block larger than this is split. */
  maxTokens: number;
  /** Tokens of trailing prose repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
}

/** Defaults: a handbook section is usually one chunk; overlap keeps split paragraphs readable. */
export const DEFAULT_CHUNKING: ChunkingOptions = { maxTokens: 200, overlapTokens: 30 };

/** A chunk returned by hybrid retrieval. */
export interface RetrievedChunk {
  /** The chunk. */
  chunk: Chunk;
  /** Position in the fused ranking, from 1. */
  rank: number;
  /** Reciprocal-rank-fusion score (higher is better); only comparable within one query. */
  fusedScore: number;
  /** Cosine similarity between the question and the chunk; what the score threshold applies to. */
  similarity: number;
  /** Rank in each retriever's list (from 1), or undefined when that retriever did not return it. */
  ranks: { vector: number | undefined; bm25: number | undefined };
}
