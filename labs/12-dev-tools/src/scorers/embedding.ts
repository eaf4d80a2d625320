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
      const reference = evalCase.expected;
      if (typeof reference !== 'string' || reference === '') {
        return { score: 0, passed: false, detail: `case ${evalCase.id} has no expected text` };
      }
      const { embeddings } = await model.embed([output, reference]);
      const [a, b] = embeddings;
      if (!a || !b) throw new Error(`${model.modelId} returned ${embeddings.length} vectors for 2 texts`);
      const score = cosineSimilarity(a, b);
      return {
        score,
        passed: score >= threshold,
        detail: `cosine ${score.toFixed(3)} (threshold ${threshold})`,
      };
    },
  };
}
