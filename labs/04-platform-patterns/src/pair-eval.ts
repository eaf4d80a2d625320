/**
 * Scores a hit policy on labelled question pairs (`fixtures/pairs.*.jsonl`): for each pair, the
 * first question is stored with an answer and the second is looked up, each pair in a scope of
 * its own. A paraphrase should hit; a near-miss or an unrelated question must not. Shared by the
 * dev report and the DoD-1 tests. Given code.
 */
import { cosineSimilarity } from '@workshop/kit';
import type { EmbeddingModel } from '@workshop/llm';
import { type HitPolicy, SemanticCache } from './semantic-cache.ts';

/** How the two questions of a pair relate. */
export type PairLabel = 'paraphrase' | 'near-miss' | 'unrelated';

/** One labelled pair. */
export interface LabelledPair {
  a: string;
  b: string;
  label: PairLabel;
}

/** What the cache did with one pair. */
export interface PairOutcome {
  pair: LabelledPair;
  /** The lookup of `b` returned the answer stored for `a`. */
  hit: boolean;
  /** Cosine similarity of the two questions. */
  similarity: number;
}

/** The KPIs DoD-1 judges. */
export interface PairScore {
  outcomes: PairOutcome[];
  /** Paraphrase pairs in the split. */
  paraphrases: number;
  /** Paraphrase pairs that hit. */
  hits: number;
  /** `hits / paraphrases`: the share of repeated questions the cache saves a model call on. */
  hitRate: number;
  /** Near-miss pairs that hit: a customer got the answer to another question. */
  wrongNearMiss: number;
  /** Unrelated pairs that hit. */
  wrongUnrelated: number;
}

/** DoD-1's targets on the test split. */
export const SEMANTIC_TARGETS = { hitRate: 0.35, wrongHits: 0 } as const;

/** The policy of a cache that trusts the cosine alone. */
export function cosineAtLeast(threshold: number): HitPolicy {
  return ({ similarity }) => similarity >= threshold;
}

/** Runs every pair through one `SemanticCache` with `accept` (default embedder: offline GloVe). */
export async function scorePairs(
  pairs: readonly LabelledPair[],
  accept: HitPolicy,
  embedder?: EmbeddingModel,
): Promise<PairScore> {
  const cache = new SemanticCache({ accept, maxEntries: Math.max(1, pairs.length), ...(embedder ? { embedder } : {}) });
  const outcomes: PairOutcome[] = [];
  for (const [index, pair] of pairs.entries()) {
    const scope = `pair-${index}`;
    await cache.store(pair.a, `answer ${index}`, { scope });
    const hit = await cache.lookup(pair.b, { scope });
    const { embeddings } = await cache.embedder.embed([pair.a, pair.b]);
    const similarity = cosineSimilarity(embeddings[0] ?? [], embeddings[1] ?? []);
    outcomes.push({ pair, hit: hit !== undefined, similarity });
  }
  const count = (label: PairLabel, hit: boolean) =>
    outcomes.filter((o) => o.pair.label === label && o.hit === hit).length;
  const paraphrases = outcomes.filter((o) => o.pair.label === 'paraphrase').length;
  const hits = count('paraphrase', true);
  return {
    outcomes,
    paraphrases,
    hits,
    hitRate: paraphrases === 0 ? 0 : hits / paraphrases,
    wrongNearMiss: count('near-miss', true),
    wrongUnrelated: count('unrelated', true),
  };
}
