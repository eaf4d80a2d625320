/**
 * When may the semantic cache serve a stored answer? A wrong hit answers a customer's question
 * with the answer to another one; a miss costs one model call.
 */
import { contentWords, functionWords, numbersIn, stem } from './question-words.ts';
import type { HitCandidate } from './semantic-cache.ts';

/**
 * Below this cosine (offline GloVe) the two questions are not trusted to mean the same. The
 * lowest value with zero wrong hits on the dev split (0.45 let an unrelated pair through).
 */
const MIN_SIMILARITY = 0.5;

/** Function words that change what is asked ("ship to" / "ship from", "turn on" / "off", "not"). */
const MEANINGFUL_FUNCTION_WORDS = new Set([
  'not',
  'no',
  'nor',
  'to',
  'from',
  'into',
  'on',
  'off',
  'in',
  'out',
  'up',
  'down',
  'before',
  'after',
  'over',
  'under',
  'with',
  'without',
]);

/** True when the answer stored for `candidate.stored` may be served for `candidate.asked`. */
export function acceptHit({ asked, stored, similarity }: HitCandidate): boolean {
  if (similarity < MIN_SIMILARITY) return false;
  // The embedding gives numbers no weight: order 1042 and order 7731 embed alike.
  if (numbersIn(asked).sort().join() !== numbersIn(stored).sort().join()) return false;
  const askedWords = new Set(contentWords(asked).map(stem));
  const storedWords = new Set(contentWords(stored).map(stem));
  const shared = [...askedWords].filter((word) => storedWords.has(word)).length;
  // The same content words: a rewording, unless a function word the embedding ignores differs.
  if (shared === askedWords.size && shared === storedWords.size) {
    const meaningful = (text: string) => functionWords(text).filter((w) => MEANINGFUL_FUNCTION_WORDS.has(w));
    return meaningful(asked).sort().join() === meaningful(stored).sort().join();
  }
  // Some words shared and some swapped is the shape of a near-miss (order → subscription):
  // the swapped word is the question. Only a full rewrite is left to the embedding.
  return shared === 0;
}
