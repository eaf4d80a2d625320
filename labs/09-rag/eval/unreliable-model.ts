/**
 * A stand-in for a real model's failure modes, so the groundedness check (DoD-5) is measured
 * against answers whose truth is known by construction. It writes the offline simulator's answer
 * (quoted sentences with their `[n]` markers), then, per question, either keeps it faithful
 * (verbatim, lightly reworded, or rephrased as models do: other words, another opening, a figure
 * written as a word) or corrupts it the way models get answers wrong: a changed figure (also
 * written as a word), a swapped name, place, tool or role, the right sentence cited to the
 * neighbouring source, an invented sentence, no citation, a marker that points nowhere, the
 * question handed back as if it were the answer. Half of the wrong figures and names sit in a
 * rephrased answer. The choice is a hash of the question: deterministic, about half faithful, and
 * not something a check can see.
 */
import { createHash } from 'node:crypto';
import { type ChatModel, type ChatRequest, type ChatResponse, NO_ANSWER, SIMULATOR_PREFIX } from '@workshop/llm';
import { offlineSimulator } from './memo.ts';

/** What the model did to the answer. */
export type AnswerKind =
  | 'verbatim'
  | 'reworded'
  | 'rephrased'
  | 'changed-figure'
  | 'swapped-name'
  | 'wrong-source'
  | 'invented'
  | 'uncited'
  | 'invalid-marker'
  | 'echoed-question'
  | 'misquoted'
  | 'declined';

/** One answer the model wrote, and the truth about it. */
export interface WrittenAnswer {
  question: string;
  kind: AnswerKind;
  /** Every sentence is backed by the source it cites (verbatim or reworded); undefined when it declined. */
  faithful: boolean | undefined;
  text: string;
}

/** Faithful answers: verbatim, lightly reworded, or rephrased (the hardest to accept, half of them). */
const FAITHFUL: readonly AnswerKind[] = ['verbatim', 'reworded', 'rephrased', 'rephrased'];
/**
 * Corruptions, the ones a check has to decide about most often: a wrong figure or name, the right
 * sentence cited to a neighbouring source. When the planned one does not apply to an answer (no
 * name to swap), the next hard one does: a corrupted answer is always corrupted.
 */
const CORRUPT: readonly AnswerKind[] = [
  'changed-figure',
  'swapped-name',
  'wrong-source',
  'changed-figure',
  'swapped-name',
  'wrong-source',
  'changed-figure',
  'swapped-name',
  'wrong-source',
  'invented',
  'uncited',
  'echoed-question',
  'invalid-marker',
  'echoed-question',
];
const HARD: readonly AnswerKind[] = ['changed-figure', 'swapped-name', 'wrong-source'];

/** Words a model swaps in when it rewords (each keeps the meaning); a light rewording uses one. */
const SYNONYMS: readonly [RegExp, string][] = [
  [/\bcustomers\b/g, 'shoppers'],
  [/\bcolleagues\b/g, 'staff'],
  [/\breceive\b/g, 'get'],
  [/\bitems\b/g, 'products'],
  [/\bmust\b/g, 'need to'],
  [/\bwithin\b/g, 'inside'],
  [/\bcustomer\b/g, 'shopper'],
  [/\bcolleague\b/g, 'member of staff'],
  [/\bitem\b/g, 'product'],
  [/\bapproval\b/g, 'sign-off'],
  [/\brequest\b/g, 'ask for'],
  [/\ballowed\b/g, 'permitted'],
  [/\bevery\b/g, 'each'],
  [/\bstores\b/g, 'shops'],
  [/\bstore\b/g, 'shop'],
  [/\breported\b/g, 'flagged'],
  [/\bneeds\b/g, 'requires'],
  [/\bafter\b/g, 'following'],
  [/\bfree\b/g, 'at no cost'],
  [/\bcan\b/g, 'may'],
  [/\bbooked\b/g, 'arranged'],
  [/\bapproved\b/g, 'signed off'],
];

/** How a model opens a reworded answer. */
const FRAMINGS: readonly string[] = [
  'According to the handbook, ',
  'The handbook says that ',
  'To answer your question, ',
  'In short, ',
  'As far as the policy goes, ',
];

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
/** A small whole number counting something ("5 working days", "2 weeks"), not money, a range or a code. */
const SMALL_NUMBER =
  /(?<![£$€\d.,:\-[]|\bto |\band )\b([1-9]|1[0-2])(?= (?:working |calendar |unused |extra |full |more )?(?:days?|weeks?|months?|years?|hours?|times?|colleagues|people|points|minutes)\b)/;

/** Names a model confuses with each other: each class swaps within itself. */
const NAME_CLASSES: readonly string[][] = [
  ['Bristol', 'Cardiff', 'Plymouth', 'Falmouth', 'Brighton', 'Portsmouth', 'London'],
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  ['January', 'March', 'April', 'June', 'September', 'November', 'December'],
  ['Deckhand', 'Bosun', 'Captain'],
  ['Europe', 'North America'],
  ['MacBook Air', 'MacBook Pro'],
  ['Crewlink', 'Keyhole', 'LoneSafe'],
  ['People Operations', 'Finance', 'IT'],
  ['Tier 1', 'Tier 2', 'Tier 3'],
  ['ACC', 'SW', 'CB', 'VUL'],
];

/** Sentences no source says (plausible, and wrong). */
const INVENTED: readonly string[] = [
  'Managers can approve an extra 45 days for colleagues with long service',
  'The same rule applies to everything sold through partner websites and marketplaces',
  'This was introduced after a review by the Plymouth store team in 2021',
  'Exceptions need written approval from the finance director within 3 working days',
  'Colleagues on a fixed-term contract are covered by the same rule',
  'The rule does not apply during the January sale',
];

const FIGURE = /(?<![[\d])\d+(?:[.,:]\d+)*(?![\d\]])/;

export class UnreliableChatModel implements ChatModel {
  readonly provider = 'offline';
  readonly modelId = 'offline-unreliable';
  readonly capabilities = { streaming: false, tools: false, jsonOutput: false, vision: false };
  /** Every answer written, in order. */
  readonly written: WrittenAnswer[] = [];

  private readonly inner: ChatModel;

  constructor(inner: ChatModel = offlineSimulator()) {
    this.inner = inner;
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const response = await this.inner.generate(request);
    const question = request.messages.at(-1)?.content ?? '';
    const sources = [
      ...(request.messages[1]?.content ?? '').matchAll(/<source id="(\d+)">\n([\s\S]*?)\n<\/source>/g),
    ].map((m) => (m[2] ?? '').replace(/ ?\[\d+\]/g, ''));
    const base = response.text.startsWith(SIMULATOR_PREFIX)
      ? response.text.slice(SIMULATOR_PREFIX.length)
      : response.text;
    const { kind, text } =
      base === NO_ANSWER ? { kind: 'declined' as const, text: base } : corrupt(base, question, sources);
    const faithful =
      kind === 'declined' ? undefined : kind === 'verbatim' || kind === 'reworded' || kind === 'rephrased';
    const full = SIMULATOR_PREFIX + text;
    this.written.push({ question, kind, faithful, text: full });
    return { ...response, text: full, message: { role: 'assistant', content: full } };
  }

  stream(): never {
    throw new Error('UnreliableChatModel does not stream');
  }
}

function pick<T>(items: readonly T[], key: string): T {
  return items[hash(key) % items.length] as T;
}

const hash = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0);

/** The answer as the plan for this question says: faithful (about half) or corrupted. */
function corrupt(answer: string, question: string, sources: readonly string[]): { kind: AnswerKind; text: string } {
  const markers = [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  // The simulator quoting a line that is not in the source its marker names (the sources header,
  // the policy) is unfaithful whatever the plan says.
  if (markers.length === 0 || !quotesItsSources(answer, sources)) return { kind: 'misquoted', text: answer };
  if (hash(`faithful/${question}`) % 2 === 0) {
    const kind = pick(FAITHFUL, question);
    return { kind, text: kind === 'verbatim' ? answer : reword(answer, question, kind === 'rephrased') };
  }
  // The planned corruption, else the next of the hard ones that applies, else an invented sentence.
  const planned = pick(CORRUPT, question);
  const first = HARD.indexOf(planned);
  for (const kind of [planned, ...HARD.slice(first + 1), ...HARD.slice(0, Math.max(0, first))]) {
    const changed = apply(kind, answer, question, markers, sources);
    if (changed !== undefined) return { kind, text: changed };
  }
  return { kind: 'invented', text: `${answer} ${pick(INVENTED, question)} [${markers[0]}].` };
}

/** Whether every stretch of `answer` before a marker is quoted from the source that marker names. */
function quotesItsSources(answer: string, sources: readonly string[]): boolean {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const parts = answer.split(/\[(\d+)\]/);
  for (let i = 0; i < parts.length; i += 2) {
    const quoted = squash((parts[i] ?? '').replace(/^[\s.!?;:]+/, ''));
    if (i === parts.length - 1) return quoted === '';
    const source = sources[Number(parts[i + 1]) - 1];
    if (quoted && (source === undefined || !squash(source).includes(quoted))) return false;
  }
  return true;
}

/**
 * The answer reworded as models do, keeping every fact: a light rewording swaps one word and opens
 * with "According to the handbook"; a heavy one swaps every word it can, opens another way, and
 * may write a small figure as a word ("5 working days" → "five working days").
 */
function reword(answer: string, question: string, heavy: boolean): string {
  let text = answer;
  if (heavy) {
    for (const [pattern, synonym] of SYNONYMS) text = text.replace(pattern, synonym);
    text = text.replace(SMALL_NUMBER, (n) => NUMBER_WORDS[Number(n)] as string);
  } else {
    const swap = SYNONYMS.find(([pattern]) => new RegExp(pattern.source).test(text));
    if (swap) text = text.replace(new RegExp(swap[0].source), swap[1]);
  }
  if (/^\|/.test(text)) return text;
  const opening = heavy ? pick(FRAMINGS, `opening/${question}`) : (FRAMINGS[0] as string);
  return `${opening}${text[0]?.toLowerCase()}${text.slice(1)}`;
}

function apply(
  kind: AnswerKind,
  answer: string,
  question: string,
  markers: number[],
  sources: readonly string[],
): string | undefined {
  const cited = sources.filter((_, i) => markers.includes(i + 1)).join('\n');
  // Half of the wrong figures and names hide in an answer reworded as a faithful one would be.
  const base = hash(`base/${question}`) % 2 === 0 ? answer : reword(answer, question, true);
  switch (kind) {
    case 'changed-figure': {
      // A wrong small number written as a word slips past a check that only compares digits.
      const small = SMALL_NUMBER.exec(base)?.[0];
      if (small && hash(`spelled/${question}`) % 3 === 0) {
        const other = NUMBER_WORDS[(Number(small) % 12) + 1] as string;
        if (!cited.toLowerCase().includes(other)) return base.replace(SMALL_NUMBER, other);
      }
      const figure = FIGURE.exec(base)?.[0];
      if (!figure) return undefined;
      for (const shift of [3, 5, 7]) {
        const other = `${(Number(figure[0]) + shift) % 10 || 9}${figure.slice(1)}`;
        if (!cited.includes(other)) return base.replace(FIGURE, other);
      }
      return undefined;
    }
    case 'swapped-name': {
      // Whichever class the question's hash comes to first: a town, a day, a tier, a tool, a team.
      const first = hash(`names/${question}`) % NAME_CLASSES.length;
      for (const names of [...NAME_CLASSES.slice(first), ...NAME_CLASSES.slice(0, first)]) {
        const name = names.find((n) => new RegExp(`\\b${n}\\b`).test(base));
        const other = name && names.find((n) => n !== name && !cited.includes(n));
        if (name && other) return base.replace(new RegExp(`\\b${name}\\b`), other);
      }
      return undefined;
    }
    case 'wrong-source': {
      // The right sentence cited to the source that looks most like it: a neighbouring section.
      const claims = answer
        .split(/\[\d+\]/)
        .map((s) => s.replace(/^[\s.]+|[\s.]+$/g, ''))
        .filter(Boolean);
      const words = new Set(answer.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
      const overlap = (n: number) =>
        (sources[n - 1]?.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((w) => words.has(w)).length;
      const others = sources
        .map((_, i) => i + 1)
        .filter((n) => !markers.includes(n) && !claims.some((claim) => sources[n - 1]?.includes(claim)));
      const target = others.sort((a, b) => overlap(b) - overlap(a))[0];
      return target === undefined ? undefined : answer.replace(/\[\d+\]/g, `[${target}]`);
    }
    case 'invented':
      return `${answer} ${pick(INVENTED, question)} [${markers[0]}].`;
    case 'uncited':
      return answer.replace(/ ?\[\d+\]/g, '');
    case 'invalid-marker':
      return answer.replace(/\[\d+\]/, `[${sources.length + 3}]`);
    case 'echoed-question':
      return `${question.replace(/\?\s*$/, '')} [${markers[0]}]?`;
    default:
      return answer;
  }
}
