/**
 * Feature hashing ("the hashing trick") of word and character n-grams. No vocabulary to store or
 * ship: every n-gram is hashed straight to one of `dimensions` slots, so the model is a plain array
 * of weights and unseen words at inference time cost nothing.
 */

/** A sparse vector: `values[i]` sits at slot `indices[i]`. Slots are unique. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** Which n-grams to extract and how many slots to hash them into. */
export interface FeatureOptions {
  /** Number of slots; a power of two so that a bit mask picks the slot. */
  dimensions: number;
  /** Word n-gram sizes, inclusive, e.g. `[1, 2]` for words and word pairs. */
  wordNgrams: [number, number];
  /** Character n-gram sizes inside each word (padded with spaces), e.g. `[3, 5]`. */
  charNgrams: [number, number];
}

/** The defaults the committed weights were trained with. */
export const DEFAULT_FEATURES: FeatureOptions = { dimensions: 2 ** 18, wordNgrams: [1, 2], charNgrams: [2, 5] };

/** 32-bit FNV-1a over the UTF-16 code units of `text`: fast, well spread, and the same everywhere. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Canonical form before tokenising: Unicode compatibility forms folded (full-width letters,
 * ligatures), invisible characters dropped, lower case, single spaces. Obfuscation by look-alike
 * characters then costs the attacker more than it costs us.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .toLowerCase()
    .replace(/\\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words: runs of letters or digits in any script (German umlauts, Cyrillic, …). */
export function tokenize(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Hashes `text` into a unit-length sparse vector. Each n-gram adds ±1 to its slot (the sign comes
 * from another bit of the hash, so collisions tend to cancel instead of piling up); counts are
 * damped with `1 + ln(count)`; the vector is scaled to unit L2 norm so long and short prompts
 * are on the same scale.
 */
export function hashFeatures(text: string, options: FeatureOptions = DEFAULT_FEATURES): SparseVector {
  // TODO (DoD-2): implement feature hashing.
  //  1. Check that `options.dimensions` is a power of two (throw a one-line Error naming the value
  //     otherwise); `mask = dimensions - 1` then picks a slot with `hash & mask`.
  //  2. `words = tokenize(text)`. For every n in `options.wordNgrams` (inclusive range) add each run
  //     of n consecutive words joined by a space, prefixed so word and char grams never collide,
  //     e.g. `w2:ignore all`.
  //  3. For every word, pad it as ` ${word} ` and add each character n-gram for n in
  //     `options.charNgrams`, prefixed `c:` (so "ignore" and "ignoring" share "ign", "gno", "nor"…).
  //  4. For each gram: `hash = fnv1a(gram)`, slot = `hash & mask`, sign = `hash >>> 31 === 1 ? -1 : 1`;
  //     accumulate `counts[slot] += sign` in a Map.
  //  5. Drop slots whose count is 0; value = `Math.sign(c) * (1 + Math.log(Math.abs(c)))`.
  //  6. Scale all values so the vector has unit L2 norm; return `{ indices, values }`.
  void text;
  void options;
  throw new Error('TODO: hashFeatures — hash word and character n-grams into a unit-length sparse vector');
}
