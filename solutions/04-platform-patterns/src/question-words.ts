/**
 * The words of a question, split the way the offline GloVe embedding reads them. Useful for a hit
 * policy because the embedding cannot see everything: it gives function words ("to", "from",
 * "on", "off", "not") and numbers no weight at all, and averages the rest, so one swapped noun
 * barely moves the vector. Given code.
 */
import { gloveTokens, STOPWORDS } from '@workshop/llm';

/** Lower-cased words in order, contractions expanded ("can't" → "can", "not"). */
export function words(text: string): string[] {
  return gloveTokens(text);
}

/** Words the embedding weighs: no function words, no numbers. Order kept, repeats removed. */
export function contentWords(text: string): string[] {
  return [...new Set(words(text).filter((word) => !STOPWORDS.has(word) && !/^\p{N}+$/u.test(word)))];
}

/** Function words present ("to", "from", "not"…): the embedding ignores every one of them. */
export function functionWords(text: string): string[] {
  return [...new Set(words(text).filter((word) => STOPWORDS.has(word)))];
}

/** Numbers and ids with a digit ("1042", "a-1042", "2fa"), in order: the embedding ignores pure numbers. */
export function numbersIn(text: string): string[] {
  return words(text).filter((word) => /\p{N}/u.test(word));
}

/** A crude English stem, so "returns" and "return", "cancelled" and "cancel" compare equal. */
export function stem(word: string): string {
  return word.length > 4 ? word.replace(/(?:ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1') : word;
}
