/**
 * Sentence embeddings from GloVe word vectors: a smooth-inverse-frequency (SIF) weighted average,
 * L2-normalised (Arora, Liang & Ma, "A simple but tough-to-beat baseline for sentence embeddings",
 * ICLR 2017). Unlike the hashing model it knows that "refund" and "money back" are related; like
 * every bag-of-words average it does not see word order or which single word changed, so "cancel
 * my order" and "cancel my subscription" still score close (see the README's figures).
 *
 * Algorithm (bump `GLOVE_ALGORITHM_VERSION` whenever a step changes: stored vectors from another
 * version live in a different space):
 * 1. NFKC, lower-case, curly apostrophes made straight; words are runs of letters, marks or digits,
 *    joined by inner apostrophes or hyphens. Contractions become the words GloVe knows ("don't" →
 *    "do not", "won't" → "will not", "we're" → "we are"); "'s" is dropped (possessive or "is").
 *    A hyphenated word missing from the table is looked up part by part ("two-factor").
 * 2. Each known word adds its vector × a / (a + p(w)), with p(w) its unigram probability estimated
 *    from its frequency rank by Zipf's law (the source lists words by frequency, without counts),
 *    so "the" weighs ~0.01 and a rare word ~1.
 * 3. An unknown word (a number, an order id, a product name, a typo) adds a pseudo-random vector
 *    seeded by its FNV-1a hash, with the weight and typical norm of the rarest known word. Two texts
 *    that share an id therefore share a direction, "order 1042" and "order 7731" differ, and a text
 *    of unknown words still gets a valid, deterministic, non-zero vector. Unknown stopwords and
 *    single letters add nothing (the source dropped "a" and "i"; they carry no topic).
 * 4. The sum is L2-normalised. A text with no word at all ("", "?!") maps to the zero vector, as
 *    with the hashing model: it is similar to nothing.
 */

import type { GloveTable } from './glove-table.ts';
import { fnv1a32 } from './hashing.ts';
import { STOPWORDS } from './stopwords.ts';

/** Changes whenever the algorithm changes; part of the GloVe model version. */
export const GLOVE_ALGORITHM_VERSION = 'sif1e-3-oovfnv-v1';

/** SIF's smoothing constant a: the paper's default; a from 3e-4 to 3e-3 scored alike on the pairs' dev split. */
const SIF_A = 1e-3;
/** Euler–Mascheroni constant: the harmonic number H(n) ≈ ln n + γ normalises Zipf's law. */
const EULER_GAMMA = 0.5772156649;

const CONTRACTION = /^(.+?)(n't|'re|'ve|'ll|'m|'d|'s)$/;
// Maps, not object literals: a text may contain "constructor" or "__proto__".
const EXPANSION = new Map([
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'m", 'am'],
  ["'d", 'would'],
]);
// Where removing "n't" does not leave the verb ("ca", "wo", "sha").
const IRREGULAR = new Map([
  ["can't", ['can', 'not']],
  ["won't", ['will', 'not']],
  ["shan't", ['shall', 'not']],
  ["ain't", ['is', 'not']],
]);

/** Lower-cased words with contractions expanded, in order. */
export function gloveTokens(text: string): string[] {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
  const tokens: string[] = [];
  for (const [word] of normalized.matchAll(/[\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*/gu)) {
    const irregular = IRREGULAR.get(word);
    if (irregular) {
      tokens.push(...irregular);
      continue;
    }
    const contraction = CONTRACTION.exec(word);
    if (contraction) {
      tokens.push(contraction[1] as string);
      const expansion = EXPANSION.get(contraction[2] as string);
      if (expansion) tokens.push(expansion);
      continue;
    }
    tokens.push(word);
  }
  return tokens;
}

/** SIF weight a / (a + p) of the word of frequency rank `rank` (0-based) in a vocabulary of `size` words. */
function sifWeight(rank: number, size: number): number {
  const probability = 1 / ((rank + 1) * (Math.log(size) + EULER_GAMMA));
  return SIF_A / (SIF_A + probability);
}

/** A deterministic pseudo-random direction for an unknown word (mulberry32 seeded by FNV-1a). */
function unknownWordDirection(word: string, dimensions: number): Float64Array {
  let state = fnv1a32(word);
  const direction = new Float64Array(dimensions);
  let norm = 0;
  for (let d = 0; d < dimensions; d++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    direction[d] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  for (let d = 0; d < dimensions; d++) direction[d] = (direction[d] as number) / norm;
  return direction;
}

/**
 * Embed `text` with `table`: a unit vector of `table.dimensions` numbers (the zero vector when the
 * text has no word). Deterministic across runs and platforms.
 */
export function gloveEmbedding(text: string, table: GloveTable): number[] {
  const { dimensions, vectors, scales, ranks, index, sourceVocabularySize } = table;
  const sum = new Float64Array(dimensions);
  const unknownWeight = sifWeight(sourceVocabularySize - 1, sourceVocabularySize) * table.typicalNorm;

  const addWord = (word: string): boolean => {
    const row = index.get(word);
    if (row === undefined) return false;
    const weight = sifWeight(ranks[row] as number, sourceVocabularySize) * (scales[row] as number);
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) + weight * (vectors[offset + d] as number);
    return true;
  };
  const addUnknown = (word: string) => {
    if (STOPWORDS.has(word) || /^\p{L}$/u.test(word)) return;
    const direction = unknownWordDirection(word, dimensions);
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) + unknownWeight * (direction[d] as number);
  };

  for (const token of gloveTokens(text)) {
    if (addWord(token)) continue;
    const parts = token.split('-');
    if (parts.length === 1) {
      addUnknown(token);
      continue;
    }
    for (const part of parts) if (!addWord(part)) addUnknown(part);
  }

  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(sum, (value) => (norm === 0 ? 0 : value / norm));
}
