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
  /**
   * Text of the chunk's section that was screened out before chunking because it addresses an
   * AI (`isInstruction`); on the first chunk of the section only, empty elsewhere. For audit.
   */
  screenedOut: string[];
}

/** How documents are cut into chunks (the decision of DoD-2). */
export interface ChunkingOptions {
  /** Largest chunk, in tokens (`countTokens`). A block larger than this is split. */
  maxTokens: number;
  /** Tokens of trailing sentences repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
}

/** A chunk returned by hybrid retrieval. */
export interface RetrievedChunk {
  /** The chunk. */
  chunk: Chunk;
  /** Position in the fused ranking, from 1. */
  rank: number;
  /** The fusion's score (higher is better); only comparable within one query. */
  fusedScore: number;
  /** Cosine similarity between the question and the chunk, whichever retriever found it. */
  similarity: number;
  /**
   * BM25 score of the chunk for the question (higher is better, unbounded, grows with the number
   * of question words matched), or undefined when BM25 did not return the chunk.
   */
  keywordScore: number | undefined;
  /** Rank in each retriever's list (from 1), or undefined when that retriever did not return it. */
  ranks: { vector: number | undefined; bm25: number | undefined };
}
