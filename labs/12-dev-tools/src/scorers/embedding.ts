import type { EmbeddingModel } from '@workshop/llm';
import type { Scorer } from '../types.ts';

/** Options of `embeddingSimilarity`. */
export interface EmbeddingSimilarityOptions {
  /** Scorer name in the report. */
  name?: string;
  /** Any `@workshop/llm` embedding model (offline, OpenAI, Ollama). */
  model: EmbeddingModel;
  /** Cosine similarity at or above which the output passes. Calibrate it per model. */
  threshold: number;
}

/** Cosine similarity of two vectors of the same length (0 when either is all zeros). */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * Semantic closeness of the output to the case's `expected` text: both are embedded in one
 * call and the score is their cosine similarity. Thresholds do not transfer between models
 * (an offline hashing model scores paraphrases far lower than a neural one).
 */
export function embeddingSimilarity(options: EmbeddingSimilarityOptions): Scorer {
  const { model, threshold } = options;
  return {
    name: options.name ?? `similarity ${model.modelId}`,
    async score({ case: evalCase, output }) {
      // TODO: the reference is `evalCase.expected`; not a non-empty string → fail (score 0) naming the case.
      // TODO: embed BOTH texts in ONE call: `await model.embed([output, reference])`.
      // TODO: score = cosineSimilarity(vectors[0], vectors[1]); passed = score >= threshold;
      //       detail e.g. `cosine 0.812 (threshold 0.6)`.
      void evalCase;
      void output;
      void threshold;
      throw new Error('TODO: embeddingSimilarity — cosine of the output and reference embeddings (DoD-4)');
    },
  };
}
