/**
 * DoD-2 — how big a chunk is, and how much of it repeats in the next one. Small chunks embed one
 * idea each and cost few tokens in the prompt, but a fact can lose the sentence that explains it;
 * big chunks keep context but blur the embedding and fill the context budget with text the question
 * did not ask for. Overlap keeps a fact cut at a boundary whole, and costs index size and tokens.
 */
import type { ChunkingOptions } from './types.ts';

/** The chunk size and overlap the knowledge base uses. */
export function chunkingChoice(): ChunkingOptions {
  // Chosen on dev with `node labs/09-rag/src/dev-report.ts` (see the solution README).
  return { maxTokens: 48, overlapTokens: 0 };
}
