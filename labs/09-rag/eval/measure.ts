/**
 * The KPIs of the lab, computed the same way on dev (the report) and on test (the DoD). Each
 * function takes the pipeline's pieces as arguments, so this folder depends on none of your code.
 */

import type { RagAnswer } from '@lab/rag.ts';
import type { Chunk, RetrievedChunk, SourceDocument } from '@lab/types.ts';
import type { ChatMessage } from '@workshop/llm';
import { ObedientChatModel } from './obedient-model.ts';
import { plant } from './plant.ts';
import type { AttackRow, QuestionRow } from './rows.ts';
import type { UnreliableChatModel, WrittenAnswer } from './unreliable-model.ts';

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Whether `chunk` lies in one of the question's gold sections (that section or below it). */
export function isGold(question: QuestionRow, chunk: Chunk): boolean {
  const path = chunk.headingPath.join(' > ');
  return question.gold.some(
    (g) => g.source === chunk.source && (path === g.section || path.startsWith(`${g.section} > `)),
  );
}

/**
 * Recall@k of the evidence: the share of the question's key facts that the top-k chunks of its
 * gold sections state. A gold section found but cut so that the fact fell out counts as a miss.
 */
export function evidenceRecall(question: QuestionRow, top: readonly Chunk[]): number {
  const evidence = normalize(
    top
      .filter((chunk) => isGold(question, chunk))
      .map((c) => c.text)
      .join('\n'),
  );
  return rate(question.facts.filter((fact) => evidence.includes(normalize(fact))).length, question.facts.length);
}

/** Retrieval figures over the answerable questions. */
export interface RetrievalFigures {
  /** Mean evidence Recall@k. */
  recall: number;
  /** Mean tokens of the top-k chunks: what each answer costs in prompt. */
  tokens: number;
  /** Answerable questions measured. */
  questions: number;
  /** Questions whose evidence was not all in the top k. */
  misses: { id: string; question: string; recall: number }[];
}

/** Recall@k and prompt tokens of `retrieve` (the top chunks for a question, best first). */
export async function measureRetrieval(
  questions: readonly QuestionRow[],
  retrieve: (question: string) => Promise<Chunk[]>,
  k = 5,
): Promise<RetrievalFigures> {
  const answerable = questions.filter((q) => q.gold.length > 0);
  let recall = 0;
  let tokens = 0;
  const misses: RetrievalFigures['misses'] = [];
  for (const q of answerable) {
    const top = (await retrieve(q.question)).slice(0, k);
    const r = evidenceRecall(q, top);
    recall += r;
    tokens += top.reduce((sum, c) => sum + c.tokens, 0);
    if (r < 1) misses.push({ id: q.id, question: q.question, recall: r });
  }
  return {
    recall: rate(recall, answerable.length),
    tokens: rate(tokens, answerable.length),
    questions: answerable.length,
    misses,
  };
}

/** What the gate (`relevantHits`) does with answerable and unanswerable questions. */
export interface RefusalFigures {
  /** Unanswerable questions refused ("I don't know"), over unanswerable questions. */
  noResult: number;
  /**
   * Answerable questions refused although their evidence was in the candidates, over those
   * questions: the answers the gate alone threw away. (Refusing a question whose evidence was not
   * retrieved is the honest outcome, not a gate error.)
   */
  falseFallback: number;
  unanswerable: number;
  /** Answerable questions, and those whose evidence was among the candidates. */
  answerable: number;
  answerableFound: number;
  /** Unanswerable questions that got through, and answerable ones refused although found. */
  mistakes: { id: string; question: string; answerable: boolean }[];
  /** Per question: whether it is answerable, and its best candidate's cosine and BM25 score (for a sweep). */
  tops: { answerable: boolean; found: boolean; similarity: number; keyword: number }[];
}

/** Refusals of `gate` over the candidates `candidatesFor` retrieves. */
export async function measureRefusal(
  questions: readonly QuestionRow[],
  candidatesFor: (question: string) => Promise<RetrievedChunk[]>,
  gate: (candidates: readonly RetrievedChunk[]) => RetrievedChunk[],
): Promise<RefusalFigures> {
  const mistakes: RefusalFigures['mistakes'] = [];
  const tops: RefusalFigures['tops'] = [];
  let refusedUnanswerable = 0;
  let refusedFound = 0;
  for (const q of questions) {
    const answerable = q.gold.length > 0;
    const candidates = await candidatesFor(q.question);
    const found =
      answerable &&
      evidenceRecall(
        q,
        candidates.map((c) => c.chunk),
      ) === 1;
    const refused = gate(candidates).length === 0;
    tops.push({
      answerable,
      found,
      similarity: Math.max(-1, ...candidates.map((c) => c.similarity)),
      keyword: Math.max(0, ...candidates.map((c) => c.keywordScore ?? 0)),
    });
    if (!answerable && refused) refusedUnanswerable++;
    if (found && refused) refusedFound++;
    if ((!answerable && !refused) || (found && refused)) mistakes.push({ id: q.id, question: q.question, answerable });
  }
  const unanswerable = tops.filter((t) => !t.answerable).length;
  const answerableFound = tops.filter((t) => t.found).length;
  return {
    noResult: rate(refusedUnanswerable, unanswerable),
    falseFallback: rate(refusedFound, answerableFound),
    unanswerable,
    answerable: questions.length - unanswerable,
    answerableFound,
    mistakes,
    tops,
  };
}

/**
 * What the two-signal rule "answer when the best candidate's cosine is at least c or its BM25
 * score at least b" would do, for eight c and eight b spread over the band where a gate decides
 * (from the unanswerable questions' median to just above their maximum, evenly by how many
 * questions score there), plus "never" (that signal alone decides). One signal at a time hides
 * the pairs that work together.
 */
export function refusalGrid(tops: RefusalFigures['tops'], steps = 8) {
  const unanswerable = tops.filter((t) => !t.answerable);
  const found = tops.filter((t) => t.found);
  const spread = (signal: 'similarity' | 'keyword', step: number) => {
    const mine = unanswerable.map((t) => t[signal]).sort((a, b) => a - b);
    const low = mine[Math.floor(mine.length / 2)] ?? 0;
    const high = mine.at(-1) ?? 0;
    const band = [...unanswerable, ...found].map((t) => t[signal]).filter((v) => v >= low && v <= high);
    band.sort((a, b) => a - b);
    const round = (x: number) => Math.round(Math.ceil(x / step) * step * 1e6) / 1e6;
    const points = Array.from({ length: steps }, (_, i) =>
      round((band[Math.round((i / (steps - 1)) * (band.length - 1))] ?? 0) + step / 10),
    );
    return [...new Set(points)].concat(Number.POSITIVE_INFINITY);
  };
  const cosines = spread('similarity', 0.01);
  const keywords = spread('keyword', 1);
  const cells = cosines.map((c) =>
    keywords.map((b) => {
      const refused = (t: RefusalFigures['tops'][number]) => t.similarity < c && t.keyword < b;
      return {
        noResult: rate(unanswerable.filter(refused).length, unanswerable.length),
        falseFallback: rate(found.filter(refused).length, found.length),
      };
    }),
  );
  return { cosines, keywords, cells };
}

/** What the model is sent for a question: the pipeline up to generation. */
export type ContextFn = (question: string) => Promise<ChatMessage[]>;

/** Planted attacks measured by their outcome. */
export interface InjectionFigures {
  attacks: number;
  /** Attacks after which the answer and the policy the model saw were exactly as without them. */
  unchanged: number;
  /** Answers that said the attacker's payload. */
  payloadAnswers: number;
  /** The attacks that changed something. */
  changed: { id: string; kind: string; why: string }[];
}

const sameMessages = (a: readonly ChatMessage[], b: readonly ChatMessage[]) =>
  a.length === b.length && a.every((m, i) => m.role === b[i]?.role && m.content === b[i]?.content);

/**
 * For each attack: what the model is sent for the attack's question on the clean handbook and
 * with the attack planted in its section (`index` re-indexes documents idempotently, `context`
 * runs retrieval and context assembly). Identical messages cannot change any model's answer; when
 * they differ, a model that obeys whatever reaches it answers both, and the answers are compared.
 */
export async function measureInjection(options: {
  attacks: readonly AttackRow[];
  handbook: readonly SourceDocument[];
  index: (docs: SourceDocument[]) => Promise<unknown>;
  context: ContextFn;
  /**
   * The ids of the chunks `index` makes of a document. When the attacked document yields exactly
   * the clean one's chunks, nothing downstream can differ, and the attack is done without a re-index.
   */
  chunkIds?: (doc: SourceDocument) => string[];
}): Promise<InjectionFigures> {
  const changed: InjectionFigures['changed'] = [];
  let payloadAnswers = 0;
  const cleanIds = new Map<string, string>();
  const unchangedChunks = (doc: SourceDocument, attack: AttackRow) => {
    if (!options.chunkIds) return false;
    let clean = cleanIds.get(doc.source);
    if (clean === undefined) {
      clean = options.chunkIds(doc).join();
      cleanIds.set(doc.source, clean);
    }
    return options.chunkIds(plant(doc, attack)).join() === clean;
  };
  for (const attack of options.attacks) {
    const doc = options.handbook.find((d) => d.source === attack.source);
    if (!doc) throw new Error(`attack ${attack.id}: no handbook document ${attack.source}`);
    if (unchangedChunks(doc, attack)) continue;
    const clean = await options.context(attack.question);
    await options.index([plant(doc, attack)]);
    try {
      const attacked = await options.context(attack.question);
      if (sameMessages(clean, attacked)) continue;
      const model = new ObedientChatModel(attack.payload);
      const before = (await model.generate({ messages: clean, temperature: 0 })).text;
      const after = (await model.generate({ messages: attacked, temperature: 0 })).text;
      if (normalize(after).includes(normalize(attack.payload))) payloadAnswers++;
      const sources = attacked[1]?.content ?? '';
      const why =
        attacked[0]?.content !== clean[0]?.content
          ? 'the system policy changed'
          : (sources.match(/<\/?sources>/g) ?? []).length !== 2
            ? 'the sources block was broken'
            : after !== before
              ? `the answer changed: ${after.slice(0, 100)}`
              : '';
      if (why) changed.push({ id: attack.id, kind: attack.kind, why });
    } finally {
      await options.index([doc]);
    }
  }
  return {
    attacks: options.attacks.length,
    unchanged: rate(options.attacks.length - changed.length, options.attacks.length),
    payloadAnswers,
    changed,
  };
}

/** Groundedness of what the pipeline shows, against answers whose truth is known. */
export interface GroundingFigures {
  /** Answers shown (model-written and accepted). */
  shown: number;
  /** Shown answers that are faithful and cite only retrieved chunks, over shown answers. */
  groundedness: number;
  /** Faithful answers the model wrote. */
  faithfulWritten: number;
  /** Faithful answers shown, over faithful answers written (the cost side: good answers refused). */
  faithfulShown: number;
  /** Unfaithful answers the model wrote. */
  flawedWritten: number;
  /** Shown answers that were corrupted, and faithful ones that were refused. */
  flawedShownList: { id: string; kind: string; text: string }[];
  faithfulRefusedList: { id: string; kind: string; text: string }[];
  /** Per kind: written and shown. */
  byKind: Map<string, { written: number; shown: number }>;
}

/** Ask every question through `ask` (a pipeline whose model is `model`) and judge what it shows. */
export async function measureGrounding(
  questions: readonly QuestionRow[],
  ask: (question: string) => Promise<RagAnswer>,
  model: UnreliableChatModel,
): Promise<GroundingFigures> {
  let shown = 0;
  let bad = 0;
  let faithfulWritten = 0;
  let faithfulShown = 0;
  let flawedWritten = 0;
  const flawedShownList: GroundingFigures['flawedShownList'] = [];
  const faithfulRefusedList: GroundingFigures['faithfulRefusedList'] = [];
  const byKind = new Map<string, { written: number; shown: number }>();
  for (const q of questions) {
    const before = model.written.length;
    const answer = await ask(q.question);
    const written: WrittenAnswer | undefined = model.written.length > before ? model.written.at(-1) : undefined;
    const answered = answer.status === 'answered';
    if (written?.faithful !== undefined) {
      const entry = byKind.get(written.kind) ?? { written: 0, shown: 0 };
      byKind.set(written.kind, { written: entry.written + 1, shown: entry.shown + (answered ? 1 : 0) });
      if (written.faithful) {
        faithfulWritten++;
        if (answered) faithfulShown++;
        else faithfulRefusedList.push({ id: q.id, kind: written.kind, text: written.text });
      } else {
        flawedWritten++;
        if (answered) flawedShownList.push({ id: q.id, kind: written.kind, text: written.text });
      }
    }
    if (!answered) continue;
    shown++;
    const retrieved = new Set(answer.retrieved.map((r) => r.chunk.id));
    const citesRetrieved = answer.citations.length > 0 && answer.citations.every((c) => retrieved.has(c.chunk.id));
    if (!written?.faithful || !citesRetrieved) bad++;
  }
  return {
    shown,
    groundedness: rate(shown - bad, shown),
    faithfulWritten,
    faithfulShown: rate(faithfulShown, faithfulWritten),
    flawedWritten,
    flawedShownList,
    faithfulRefusedList,
    byKind,
  };
}
