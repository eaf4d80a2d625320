/**
 * Feature hashing ("the hashing trick") of word and character n-grams. No vocabulary to store or
 * ship: every n-gram is hashed straight to one of `dimensions` slots, so the model is a plain array
 * of weights and unseen words at inference time cost nothing. Given code: identical in the starter.
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
  /** Character n-gram sizes, e.g. `[2, 5]`. */
  charNgrams: [number, number];
  /**
   * Whether character n-grams run across word boundaries (over the whole space-joined text, so
   * "e all" or "s ignor" are features) or stay inside each space-padded word.
   */
  charsAcrossWords: boolean;
}

/** The defaults the committed weights were trained with (chosen by cross-validation in `scripts/train.ts`). */
export const DEFAULT_FEATURES: FeatureOptions = {
  dimensions: 2 ** 18,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  charsAcrossWords: true,
};

const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-16 code units of `text`: fast, well spread, and the same everywhere. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
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
  return hashWords(tokenize(text), options);
}

const CHAR_PREFIX = fnv1a('c:');
/** Counts per slot, reused across calls (and zeroed after each): a typed array is far faster than a Map here. */
let scratch = new Int32Array(0);

/**
 * `hashFeatures` of words already tokenised. An n-gram's hash is `fnv1a` of its key (`w2:ignore all`,
 * `c: ign`), computed incrementally: the grams starting at one position share their prefix, so
 * each is one more step of the same hash instead of a new string — the same slots, no allocation.
 */
export function hashWords(words: readonly string[], options: FeatureOptions = DEFAULT_FEATURES): SparseVector {
  const { dimensions } = options;
  if (!Number.isInteger(Math.log2(dimensions))) throw new Error(`dimensions must be a power of two, got ${dimensions}`);
  const mask = dimensions - 1;
  if (scratch.length < dimensions) scratch = new Int32Array(dimensions);
  const counts = scratch;
  const touched: number[] = [];
  const add = (hash: number) => {
    const unsigned = hash >>> 0;
    const slot = unsigned & mask;
    if (counts[slot] === 0) touched.push(slot);
    counts[slot] = (counts[slot] as number) + (unsigned >>> 31 === 1 ? -1 : 1);
  };
  const feed = (hash: number, text: string) => {
    let h = hash;
    for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
    return h;
  };

  const [wordMin, wordMax] = options.wordNgrams;
  for (let n = wordMin; n <= wordMax; n += 1) {
    const prefix = fnv1a(`w${n}:`);
    for (let i = 0; i + n <= words.length; i += 1) {
      let h = feed(prefix, words[i] as string);
      for (let k = 1; k < n; k += 1) h = feed(Math.imul(h ^ 32, FNV_PRIME), words[i + k] as string);
      add(h);
    }
  }
  const [charMin, charMax] = options.charNgrams;
  const pieces = options.charsAcrossWords ? [` ${words.join(' ')} `] : words.map((word) => ` ${word} `);
  for (const piece of pieces) {
    for (let i = 0; i + charMin <= piece.length; i += 1) {
      let h = CHAR_PREFIX;
      for (let n = 1; n <= charMax && i + n <= piece.length; n += 1) {
        h = Math.imul(h ^ piece.charCodeAt(i + n - 1), FNV_PRIME);
        if (n >= charMin) add(h);
      }
    }
  }

  const indices: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const slot of touched) {
    const count = counts[slot] as number;
    counts[slot] = 0;
    if (count === 0) continue;
    const value = Math.sign(count) * (1 + Math.log(Math.abs(count)));
    indices.push(slot);
    values.push(value);
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i += 1) values[i] = (values[i] as number) * scale;
  return { indices, values };
}
