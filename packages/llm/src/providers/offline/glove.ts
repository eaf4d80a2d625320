/**
 * Sentence embeddings from GloVe word vectors: a smooth-inverse-frequency (SIF) weighted average
 * with part of the common component removed, L2-normalised (after Arora, Liang & Ma, "A simple but
 * tough-to-beat baseline for sentence embeddings", ICLR 2017). Unlike the hashing model it knows
 * that "refund" and "money back" are related; like every bag-of-words average it does not see word
 * order or which single word changed, so "cancel my order" and "cancel my subscription" still
 * score close (see the README's figures).
 *
 * Algorithm (bump `GLOVE_ALGORITHM_VERSION` whenever a step or a constant changes: stored vectors
 * from another version live in a different space). Every choice was calibrated on dev data only
 * (`node packages/llm/scripts/compare-embeddings.ts --candidates`; the README has the table):
 * 1. NFKC, lower-case, curly apostrophes made straight; words are runs of letters, marks or digits,
 *    joined by inner apostrophes or hyphens. Contractions become the words GloVe knows ("don't" →
 *    "do not", "won't" → "will not", "we're" → "we are"); "'s" is dropped (possessive or "is").
 *    A hyphenated word missing from the table is looked up part by part ("two-factor").
 * 2. Stopwords add nothing. SIF's weights come from the words' frequency ranks in news text, where
 *    "how", "what", "can" or "my" are only moderately frequent (weight 0.5–0.9); in support
 *    questions they are in every text, and gave every question a shared "question" direction.
 * 3. Each other known word adds its vector × a / (a + p(w)), with p(w) its unigram probability
 *    estimated from its frequency rank by Zipf's law (the source lists words by frequency, without
 *    counts), so a rare word weighs ~1.
 * 4. Numbers add nothing: the source has no vector for any number, and a figure's meaning is its
 *    exact value, which a keyword index or a cache key holds, not a semantic vector ("order 1042"
 *    and "order 7731" embed alike). Short chunks full of figures were dominated by them.
 * 5. Any other unknown word (a product name, a term beyond the table, an id with letters, a typo)
 *    adds a pseudo-random vector seeded by its FNV-1a hash, with the weight and typical norm of
 *    the rarest known word: two texts that share it share a direction, and a text of unknown words
 *    still gets a valid, deterministic, non-zero vector. Single unknown letters add nothing.
 * 6. Half of the sum's projection on the common component is removed: the direction every text
 *    shares, fitted once per table as the unit vector of Σ p(w) · weight(w) · v(w) over the
 *    table's words (the expected sum of a text drawn from the unigram distribution, so the model
 *    stays a pure function of the text and the committed table). Removing all of it, as the paper
 *    does, ranked lab 09's chunks better still but cost paraphrase matching; half kept both.
 * 7. The result is L2-normalised. A text with no counted word ("", "?!", "the 42") maps to the zero
 *    vector, as with the hashing model: it is similar to nothing.
 */

import type { GloveTable } from './glove-table.ts';
import { fnv1a32 } from './hashing.ts';
import { STOPWORDS } from './stopwords.ts';

/** Changes whenever the algorithm changes; part of the GloVe model version. */
export const GLOVE_ALGORITHM_VERSION = 'sif1e-3-nostop-nonum-cc0.5-v2';

/** The choices of the algorithm above, named so that the candidates can be measured with this code. */
export interface GloveRecipe {
  /** SIF's smoothing constant a. */
  sifA: number;
  /** Whether stopwords (the hashing model's list) count like other words or add nothing. */
  stopwords: 'count' | 'drop';
  /** Whether a number ("1042", "95") gets an unknown word's direction or adds nothing. */
  numbers: 'direction' | 'drop';
  /** Share of the projection on the common component removed, from 0 (none) to 1 (all of it). */
  commonComponent: number;
}

/**
 * The recipe of `GLOVE_ALGORITHM_VERSION`, chosen on dev data: the most lab 09 Recall@5 whose pairs
 * figures stay at v1's (AUC within 0.01, paraphrase hits not fewer). a = 1e-3 is the paper's default
 * (3e-4 and 3e-3 scored alike); removing 0.75 or all of the common component ranked lab 09's chunks
 * better still but lost paraphrase matching (AUC 0.948, 0.928 against v1's 0.970); 0.25 ranked worse.
 */
export const GLOVE_RECIPE: Readonly<GloveRecipe> = Object.freeze({
  sifA: 1e-3,
  stopwords: 'drop',
  numbers: 'drop',
  commonComponent: 0.5,
});
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

/** Unigram probability of the word of frequency rank `rank` (0-based) in a vocabulary of `size` words (Zipf). */
function zipfProbability(rank: number, size: number): number {
  return 1 / ((rank + 1) * (Math.log(size) + EULER_GAMMA));
}

/** SIF weight a / (a + p) of the word of frequency rank `rank`. */
function sifWeight(rank: number, size: number, a: number): number {
  return a / (a + zipfProbability(rank, size));
}

const NUMBER = /^\p{N}+$/u;
const SINGLE_LETTER = /^\p{L}$/u;

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

/** Common components already fitted, per table and per weighting. */
const fitted = new WeakMap<GloveTable, Map<string, Float64Array>>();

/**
 * The common component of `table` under `recipe`'s weights: the unit vector of Σ p(w) · weight(w) · v(w)
 * over the table's words, in table order (deterministic). 5 M multiply-adds, once per table and recipe.
 */
function commonComponent(table: GloveTable, recipe: GloveRecipe): Float64Array {
  const key = `${recipe.sifA}/${recipe.stopwords}`;
  let byWeights = fitted.get(table);
  const known = byWeights?.get(key);
  if (known) return known;
  const { dimensions, vectors, scales, ranks, index, sourceVocabularySize } = table;
  const skipped = new Set<number>();
  if (recipe.stopwords === 'drop') {
    for (const word of STOPWORDS) {
      const row = index.get(word);
      if (row !== undefined) skipped.add(row);
    }
  }
  const mean = new Float64Array(dimensions);
  for (let row = 0; row < index.size; row++) {
    if (skipped.has(row)) continue;
    const rank = ranks[row] as number;
    const weight =
      zipfProbability(rank, sourceVocabularySize) *
      sifWeight(rank, sourceVocabularySize, recipe.sifA) *
      (scales[row] as number);
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) mean[d] = (mean[d] as number) + weight * (vectors[offset + d] as number);
  }
  const component = unitVector(mean);
  if (!byWeights) {
    byWeights = new Map();
    fitted.set(table, byWeights);
  }
  byWeights.set(key, component);
  return component;
}

function unitVector(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return vector.map((value) => (norm === 0 ? 0 : value / norm));
}

/**
 * Embed `text` with `table`: a unit vector of `table.dimensions` numbers (the zero vector when the
 * text has no counted word). Deterministic across runs and platforms. `recipe` is for measuring
 * candidates; vectors of another recipe are not `GloveEmbeddingModel`'s space.
 */
export function gloveEmbedding(text: string, table: GloveTable, recipe: GloveRecipe = GLOVE_RECIPE): number[] {
  const { dimensions, vectors, scales, ranks, index, sourceVocabularySize } = table;
  const sum = new Float64Array(dimensions);
  const unknownWeight = sifWeight(sourceVocabularySize - 1, sourceVocabularySize, recipe.sifA) * table.typicalNorm;
  const dropStopwords = recipe.stopwords === 'drop';

  const addWord = (word: string): boolean => {
    const row = index.get(word);
    if (row === undefined) return false;
    if (dropStopwords && STOPWORDS.has(word)) return true;
    const weight = sifWeight(ranks[row] as number, sourceVocabularySize, recipe.sifA) * (scales[row] as number);
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) + weight * (vectors[offset + d] as number);
    return true;
  };
  const addUnknown = (word: string) => {
    if (STOPWORDS.has(word) || SINGLE_LETTER.test(word)) return;
    if (recipe.numbers === 'drop' && NUMBER.test(word)) return;
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

  if (recipe.commonComponent > 0) {
    const component = commonComponent(table, recipe);
    let projection = 0;
    for (let d = 0; d < dimensions; d++) projection += (sum[d] as number) * (component[d] as number);
    projection *= recipe.commonComponent;
    for (let d = 0; d < dimensions; d++) sum[d] = (sum[d] as number) - projection * (component[d] as number);
  }

  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(sum, (value) => (norm === 0 ? 0 : value / norm));
}
