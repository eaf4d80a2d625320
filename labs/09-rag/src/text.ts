/**
 * Small text utilities shared by BM25, the groundedness check and the evaluation.
 * Given code: the same file in the starter and the solution.
 */

const STOPWORDS = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how ' +
    'i if in into is it its itself just me more most my no nor not of off on once only or other our ours out over own ' +
    'same she should so some such than that the their theirs them then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours'
  ).split(' '),
);

/** Lower-cased words and numbers, Unicode-aware (`£9.95` → `9`, `95`; use `numbersIn` for figures). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A light suffix stripper: enough for "refunds"/"refund", "days"/"day", "booking"/"book". */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Content terms: words minus stopwords, stemmed. The tokenizer of BM25 and of the grounding check. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

/** Figures in `text`, normalised: `£1,000` → `1000`, `9.95`, `10:00`, `24`. */
export function numbersIn(text: string): string[] {
  return (text.match(/\d+(?:[.,:]\d+)*/g) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, ''));
}

/**
 * Sentences of a paragraph: split after `.`, `!` or `?` followed by a space and an upper-case
 * letter, a digit or a quote, so "e.g. a jacket" and "£9.95" stay in one sentence.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'‘“(£$€[])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Lower-case, collapse whitespace: for comparing facts with answers. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
