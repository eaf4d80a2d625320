/**
 * A stand-in for a real model's failure modes, so the groundedness check (DoD-5) is measured
 * against answers whose truth is known by construction. It writes the offline simulator's answer
 * (quoted sentences with their `[n]` markers), then, per question, either keeps it faithful
 * (verbatim, or reworded as models do) or corrupts it the way models get answers wrong: a changed
 * figure, a swapped name, the right sentence cited to the wrong source, an invented sentence, no
 * citation, a marker that points nowhere, the question handed back as if it were the answer. The choice is a hash of the question: deterministic,
 * about half faithful, and not something a check can see.
 */
import { createHash } from 'node:crypto';
import { type ChatModel, type ChatRequest, type ChatResponse, NO_ANSWER, SIMULATOR_PREFIX } from '@workshop/llm';
import { offlineSimulator } from './memo.ts';

/** What the model did to the answer. */
export type AnswerKind =
  | 'verbatim'
  | 'reworded'
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

const PLAN: readonly AnswerKind[] = [
  'verbatim',
  'changed-figure',
  'reworded',
  'wrong-source',
  'verbatim',
  'invented',
  'reworded',
  'swapped-name',
  'verbatim',
  'changed-figure',
  'reworded',
  'uncited',
  'verbatim',
  'swapped-name',
  'reworded',
  'invalid-marker',
  'verbatim',
  'echoed-question',
];

/** Words a model swaps in when it rewords (each keeps the meaning). */
const SYNONYMS: readonly [RegExp, string][] = [
  [/\bcustomers\b/, 'shoppers'],
  [/\bcolleagues\b/, 'staff'],
  [/\breceive\b/, 'get'],
  [/\bitems\b/, 'products'],
  [/\bmust\b/, 'need to'],
  [/\bwithin\b/, 'inside'],
];

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
];

/** Sentences no source says (plausible, and wrong). */
const INVENTED: readonly string[] = [
  'Managers can approve an extra 45 days for colleagues with long service',
  'The same rule applies to everything sold through partner websites and marketplaces',
  'This was introduced after a review by the Plymouth store team in 2021',
  'Exceptions need written approval from the finance director within 3 working days',
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
    const faithful = kind === 'declined' ? undefined : kind === 'verbatim' || kind === 'reworded';
    const full = SIMULATOR_PREFIX + text;
    this.written.push({ question, kind, faithful, text: full });
    return { ...response, text: full, message: { role: 'assistant', content: full } };
  }

  stream(): never {
    throw new Error('UnreliableChatModel does not stream');
  }
}

function pick<T>(items: readonly T[], key: string): T {
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return items[n % items.length] as T;
}

/** The answer as the plan for this question says, or verbatim when that corruption does not apply. */
function corrupt(answer: string, question: string, sources: readonly string[]): { kind: AnswerKind; text: string } {
  const markers = [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  // The simulator quoting a line that is not in the source its marker names (the sources header,
  // the policy) is unfaithful whatever the plan says.
  if (markers.length === 0 || !quotesItsSources(answer, sources)) return { kind: 'misquoted', text: answer };
  const kind = pick(PLAN, question);
  const changed = apply(kind, answer, question, markers, sources);
  return changed === undefined ? { kind: 'verbatim', text: answer } : { kind, text: changed };
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

function apply(
  kind: AnswerKind,
  answer: string,
  question: string,
  markers: number[],
  sources: readonly string[],
): string | undefined {
  const cited = sources.filter((_, i) => markers.includes(i + 1)).join('\n');
  switch (kind) {
    case 'reworded': {
      const swap = SYNONYMS.find(([pattern]) => pattern.test(answer));
      const reworded = swap ? answer.replace(swap[0], swap[1]) : answer;
      return /^\|/.test(reworded)
        ? reworded
        : `According to the handbook, ${reworded[0]?.toLowerCase()}${reworded.slice(1)}`;
    }
    case 'changed-figure': {
      const figure = FIGURE.exec(answer)?.[0];
      if (!figure) return undefined;
      for (const shift of [3, 5, 7]) {
        const other = `${(Number(figure[0]) + shift) % 10 || 9}${figure.slice(1)}`;
        if (!cited.includes(other)) return answer.replace(FIGURE, other);
      }
      return undefined;
    }
    case 'swapped-name': {
      for (const names of NAME_CLASSES) {
        const name = names.find((n) => new RegExp(`\\b${n}\\b`).test(answer));
        const other = name && names.find((n) => n !== name && !cited.includes(n));
        if (name && other) return answer.replace(new RegExp(`\\b${name}\\b`), other);
      }
      return undefined;
    }
    case 'wrong-source': {
      const others = sources.map((_, i) => i + 1).filter((n) => !markers.includes(n));
      if (others.length === 0) return undefined;
      const target = others.at(-1) as number;
      const claims = answer
        .split(/\[\d+\]/)
        .map((s) => s.replace(/^[\s.]+|[\s.]+$/g, ''))
        .filter(Boolean);
      if (claims.some((claim) => sources[target - 1]?.includes(claim))) return undefined;
      return answer.replace(/\[\d+\]/g, `[${target}]`);
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
