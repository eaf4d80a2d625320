/**
 * DoD-5 — when an answer sentence counts as backed by the sources it cites. Models reword
 * ("shoppers" for "customers", "According to the handbook, …"), so demanding a verbatim quote
 * refuses good answers; but a hallucination usually differs from its source by one figure or one
 * name, so a loose word overlap shows it to the user.
 */
import { numbersIn, terms, words } from './text.ts';

// Share of the claim's content words its sources must contain: room for a few words of rewording,
// none for a sentence about something else. On dev anything from 0.4 to 0.7 scored the same (the
// figure and name rules do the catching); from 0.8 reworded answers start being refused (93.2 % of
// the faithful ones shown at 0.8, 77.3 % at 1.0). 0.6 sits in the middle of the plateau.
const MIN_SHARE = 0.6;
const NUMBER_WORDS =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|once|twice|half|first|second|third|eighth)$/;

/** Whether `claim` (one answer sentence, markers removed) is supported by `evidence` (the cited sources). */
export function isSupported(claim: string, evidence: string): boolean {
  const found = new Set(terms(evidence));
  const claimed = [...new Set(terms(claim))];
  // A question states nothing, however many of its words the sources contain.
  if (claimed.length === 0 || claim.trimEnd().endsWith('?')) return false;
  // What a wrong answer gets wrong is a figure or a name: each must be in the evidence exactly.
  const figures = new Set(numbersIn(evidence));
  if (numbersIn(claim).some((n) => !figures.has(n))) return false;
  const exact = [...names(claim), ...words(claim).filter((w) => NUMBER_WORDS.test(w))].flatMap(terms);
  if (exact.some((t) => !found.has(t))) return false;
  return claimed.filter((t) => found.has(t)).length / claimed.length >= MIN_SHARE;
}

/** Words written with a capital that does not start the sentence: places, products, tools, days. */
function names(claim: string): string[] {
  return [...claim.matchAll(/[\p{L}\p{N}]+/gu)]
    .filter((m) => m.index > 0 && /^\p{Lu}/u.test(m[0]) && !/[.!?:]\s*$/.test(claim.slice(0, m.index)))
    .map((m) => m[0]);
}
