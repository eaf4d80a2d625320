/**
 * Feature-hashing text embeddings: a deterministic, dependency-free stand-in for a
 * neural embedding model. It captures lexical overlap (shared words, shared word
 * pieces), not meaning: "car" and "automobile" are unrelated to it. That is enough
 * for retrieval labs to run offline and for tests to be reproducible.
 *
 * Algorithm (bump `HASHING_ALGORITHM_VERSION` whenever any step changes, because
 * stored vectors from another version live in a different space):
 * 1. Lower-case, Unicode-normalise (NFKC) and split into word tokens (letters/digits).
 * 2. Features: each content word, lightly stemmed (weight 1), with its character 3–5-grams of `<word>`
 *    (each weighted 1/√n for a word with n grams, so a word's grams together weigh as much
 *    as the word, and "resetting" still meets "reset"); each pair of adjacent content
 *    words (weight 0.5, so "reset your password" meets "reset password"); stopwords get a
 *    small weight (0.2) and no grams — a corpus-free stand-in for IDF.
 * 3. Each feature is hashed with 32-bit FNV-1a; the bucket is `hash % dimensions`
 *    and the sign comes from a second, independent hash bit (signed hashing keeps
 *    collisions unbiased).
 * 4. Term frequencies are damped with `1 + ln(tf)` (sublinear tf).
 * 5. The vector is L2-normalised; an empty text maps to the zero vector.
 */

import { STOPWORDS } from './stopwords.ts';

/** Changes whenever the hashing algorithm changes; part of the offline model version. */
export const HASHING_ALGORITHM_VERSION = 'fnv1a-w1b2c345-v2';

const UNIGRAM_WEIGHT = 1;
const STOPWORD_WEIGHT = 0.2;
const BIGRAM_WEIGHT = 0.5;
const CHAR_NGRAM_MIN = 3;
const CHAR_NGRAM_MAX = 5;

const encoder = new TextEncoder();

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, with an explicit seed for independent hashes. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    // Multiply by the FNV prime 16777619 using 32-bit integer arithmetic.
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Lower-cased word tokens (runs of letters, marks or digits). */
export function tokenizeWords(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** Occurrence count and summed per-occurrence weight of one feature. */
interface FeatureStats {
  count: number;
  weightSum: number;
}

/** Features of one text with their occurrence counts and weights. */
function extractFeatures(text: string): Map<string, FeatureStats> {
  const features = new Map<string, FeatureStats>();
  const add = (feature: string, weight: number) => {
    const stats = features.get(feature);
    if (stats) {
      stats.count += 1;
      stats.weightSum += weight;
    } else features.set(feature, { count: 1, weightSum: weight });
  };
  const content: string[] = [];
  for (const word of tokenizeWords(text)) {
    // Prefixes keep the feature families apart by construction ("w:a" ≠ "c:a").
    if (STOPWORDS.has(word)) {
      add(`w:${word}`, STOPWORD_WEIGHT);
      continue;
    }
    add(`w:${lightStem(word)}`, UNIGRAM_WEIGHT);
    const grams = charNgrams(word);
    for (const gram of grams) add(`c:${gram}`, 1 / Math.sqrt(grams.length));
    content.push(word);
  }
  for (let i = 0; i + 1 < content.length; i++) add(`b:${content[i]} ${content[i + 1]}`, BIGRAM_WEIGHT);
  return features;
}

// Longest first: "ations" must win over "s".
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly'];
// "-es" is a plural ending only after these ("boxes", "wishes"); "issues" just loses the "s".
const ES_PLURAL = /(s|x|z|ch|sh)$/;
const MIN_STEM = 3;

/**
 * A deliberately light English stemmer so the word feature of "refunds", "refunded" and
 * "refunding" is the same as "refund" ("shipping" → "ship", "passwords" → "password").
 * Character n-grams catch the rest of the morphology.
 */
export function lightStem(word: string): string {
  // "class", "status", "analysis" are not plurals.
  if (/(ss|us|is)$/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      if (suffix === 'es' && !ES_PLURAL.test(stem)) return word.slice(0, -1);
      // "shipp" → "ship", "resett" → "reset"; but keep "ll", "ss", "zz" ("fill", "pass").
      const last = stem.at(-1) as string;
      const undouble = suffix === 'ing' || suffix === 'ed' || suffix === 'ings' || suffix === 'edly';
      if (
        undouble &&
        stem.length > MIN_STEM &&
        last === stem.at(-2) &&
        !'lsz'.includes(last) &&
        /[^aeiou]/.test(last)
      ) {
        return stem.slice(0, -1);
      }
      return suffix === 'ies' ? `${stem}y` : stem;
    }
  }
  return word;
}

/** Character n-grams of `<word>` (the angle brackets mark word boundaries). */
function charNgrams(word: string): string[] {
  const chars = Array.from(`<${word}>`);
  const grams: string[] = [];
  for (let n = CHAR_NGRAM_MIN; n <= CHAR_NGRAM_MAX; n++) {
    for (let start = 0; start + n <= chars.length; start++) grams.push(chars.slice(start, start + n).join(''));
  }
  // A one-letter word yields only "<a>", which is exactly 3 characters, so there is always ≥1 gram.
  return grams;
}

/**
 * Embed `text` into a unit-length vector of `dimensions` numbers by feature hashing.
 * Deterministic across runs and platforms. Similar wording scores a higher cosine
 * (= dot product, since vectors are normalised) than unrelated wording.
 */
export function hashEmbedding(text: string, dimensions: number): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`hashEmbedding: dimensions must be a positive integer, got ${dimensions}`);
  }
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, { count, weightSum }] of extractFeatures(text)) {
    // Sublinear tf: mean per-occurrence weight × (1 + ln tf), so a word said ten times
    // counts about 3.3× as much as once, not 10×.
    const damped = (weightSum / count) * (1 + Math.log(count));
    const bucket = fnv1a32(feature) % dimensions;
    // The sign comes from a differently-seeded hash so it is independent of the bucket.
    const sign = (fnv1a32(feature, 0x9747b28c) & 1) === 0 ? 1 : -1;
    vector[bucket] = (vector[bucket] as number) + sign * damped;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  return vector.map((value) => value / norm);
}
