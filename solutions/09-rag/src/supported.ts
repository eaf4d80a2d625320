/**
 * DoD-5 — when an answer sentence counts as backed by the sources it cites. Models reword
 * ("shoppers" for "customers", "According to the handbook, …"), so demanding a verbatim quote
 * refuses good answers; but a hallucination usually differs from its source by one figure or one
 * name, so a loose word overlap shows it to the user.
 */
import { numbersIn, terms, words } from './text.ts';

// Share of the claim's content words its sources must contain. On dev, a rephrased answer brings
// its own words ("As far as the policy goes", "shop", "signed off") and kept at least half of its
// sentences' words in the source; a sentence cited to the wrong source kept at most 0.44 (bar two
// table headers, whose answers other sentences gave away). Answers scored the same anywhere from
// 0.2 to 0.5; 0.45 sits in the gap between the two kinds of sentence (see the solution README).
const MIN_SHARE = 0.45;
/** Figures models write as words: "five working days" is the figure 5. */
const CARDINALS = 'zero one two three four five six seven eight nine ten eleven twelve'.split(' ');
/** Other words that carry a quantity; they must appear in the evidence as written. */
const QUANTITY_WORDS = /^(?:twenty|thirty|forty|fifty|hundred|once|twice|half|first|second|third|eighth)$/;

/** Whether `claim` (one answer sentence, markers removed) is supported by `evidence` (the cited sources). */
export function isSupported(claim: string, evidence: string): boolean {
  const found = new Set(terms(evidence));
  const claimed = [...new Set(terms(claim))];
  // A question states nothing, however many of its words the sources contain.
  if (claimed.length === 0 || claim.trimEnd().endsWith('?')) return false;
  // What a wrong answer gets wrong is a figure or a name: each must be in the evidence exactly.
  const figures = new Set(figuresIn(evidence));
  if (figuresIn(claim).some((n) => !figures.has(n))) return false;
  const exact = [...names(claim), ...words(claim).filter((w) => QUANTITY_WORDS.test(w))].flatMap(terms);
  if (exact.some((t) => !found.has(t))) return false;
  return claimed.filter((t) => found.has(t)).length / claimed.length >= MIN_SHARE;
}

/** The figures of `text`, with small numbers written as words read as digits. */
function figuresIn(text: string): string[] {
  const spelled = words(text).flatMap((w) => (CARDINALS.includes(w) ? [String(CARDINALS.indexOf(w))] : []));
  return [...numbersIn(text), ...spelled];
}

/** Words written with a capital that does not start the sentence: places, products, tools, days. */
function names(claim: string): string[] {
  return [...claim.matchAll(/[\p{L}\p{N}]+/gu)]
    .filter((m) => m.index > 0 && /^\p{Lu}/u.test(m[0]) && !/[.!?:]\s*$/.test(claim.slice(0, m.index)))
    .map((m) => m[0]);
}
