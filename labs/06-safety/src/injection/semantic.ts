/**
 * What words mean, next to how they are spelled. The hashed n-grams know only the strings the
 * training data used; public word vectors (GloVe, from `@workshop/llm`'s offline table) know that
 * "disregard the prior directions" says what "ignore previous instructions" says. Given code:
 * identical in the starter.
 *
 * The semantic features of a text are the SIF-weighted sum of its known words' vectors divided by
 * its number of words (unknown words, German ones included, count in the division and add nothing).
 * A linear model over that average is a sum of one weight per word divided by the number of words,
 * so after training each vocabulary word gets its weight (`foldWordWeights`) and the guard needs no
 * vectors at run time: a map lookup per word, no 5 MB table to load.
 */
import type { GloveTable } from '@workshop/llm';

/** The parts of a word-vector table the features use (`loadGloveTable()` from `@workshop/llm` has them). */
export type WordVectors = Pick<GloveTable, 'dimensions' | 'index' | 'ranks' | 'scales' | 'vectors' | 'sourceVocabularySize'>;

/**
 * Smooth inverse frequency (Arora et al., 2017): a / (a + p(word)), with p from the word's frequency
 * rank by Zipf's law, as `@workshop/llm`'s GloVe embedding does: "the" weighs ~0.01, a rare word ~1.
 */
function sifWeight(rank: number, vocabularySize: number): number {
  const probability = 1 / ((rank + 1) * (Math.log(vocabularySize) + 0.5772156649));
  return 1e-3 / (1e-3 + probability);
}

/** The semantic features of `words` (already tokenised), times `scale`: `vectors.dimensions` numbers. */
export function semanticFeatures(words: readonly string[], vectors: WordVectors, scale: number): Float64Array {
  const { dimensions } = vectors;
  const sum = new Float64Array(dimensions);
  if (words.length === 0) return sum;
  for (const word of words) {
    const row = vectors.index.get(word);
    if (row === undefined) continue;
    const weight =
      sifWeight(vectors.ranks[row] as number, vectors.sourceVocabularySize) * (vectors.scales[row] as number);
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d += 1) sum[d] = (sum[d] as number) + weight * (vectors.vectors[offset + d] as number);
  }
  for (let d = 0; d < dimensions; d += 1) sum[d] = ((sum[d] as number) * scale) / words.length;
  return sum;
}

/**
 * Folds the trained weights of the semantic features into one weight per vocabulary word: the
 * model's contribution for a text is then `wordsLogit(words, weights)`, exactly. Words whose weight
 * is below `minWeight` in absolute value are dropped (they move no decision; the file stays small).
 */
export function foldWordWeights(
  dense: ArrayLike<number>,
  vectors: WordVectors,
  scale: number,
  minWeight: number,
): Map<string, number> {
  const { dimensions } = vectors;
  const weights = new Map<string, number>();
  for (const [word, row] of vectors.index) {
    let dot = 0;
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d += 1) dot += (dense[d] as number) * (vectors.vectors[offset + d] as number);
    const weight =
      dot *
      scale *
      sifWeight(vectors.ranks[row] as number, vectors.sourceVocabularySize) *
      (vectors.scales[row] as number);
    if (Math.abs(weight) >= minWeight) weights.set(word, weight);
  }
  return weights;
}

/** The semantic part of the model's log-odds for `words`: the mean of their word weights (unknown words count 0). */
export function wordsLogit(words: readonly string[], weights: ReadonlyMap<string, number>): number {
  if (words.length === 0 || weights.size === 0) return 0;
  let sum = 0;
  for (const word of words) sum += weights.get(word) ?? 0;
  return sum / words.length;
}
