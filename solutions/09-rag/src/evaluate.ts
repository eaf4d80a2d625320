/**
 * End-to-end evaluation on the question set: retrieval (Recall@k), generation (groundedness,
 * answer correctness) and refusal (no-result rate on unanswerable questions).
 */
import { type EvalQuestion, isAnswerable } from './corpus.ts';
import type { Rag, RagAnswer } from './rag.ts';
import { normalizeForMatch } from './text.ts';
import type { Chunk } from './types.ts';

/** The outcome of one question. */
export interface QuestionResult {
  /** Question id. */
  id: string;
  /** Whether the question set says the handbook answers it. */
  answerable: boolean;
  /** Pipeline status. */
  status: RagAnswer['status'];
  /** Ids of the retrieved chunks, best first. */
  retrievedIds: string[];
  /** Share of gold sections with a chunk in the top k; undefined for unanswerable questions. */
  recall: number | undefined;
  /** Whether the model's answer passed the groundedness check; undefined when the model was not called. */
  grounded: boolean | undefined;
  /** Answered and every key fact present; undefined for unanswerable questions. */
  correct: boolean | undefined;
  /** The text shown. */
  text: string;
}

/** The figures for a whole question set. */
export interface EvaluationReport {
  /** The k of Recall@k. */
  k: number;
  /** Number of answerable / unanswerable questions. */
  answerable: number;
  unanswerable: number;
  /** Mean Recall@k over answerable questions. */
  recallAtK: number;
  /** Share of model answers (any question) that passed the groundedness check. */
  groundednessRate: number;
  /** Share of unanswerable questions that got the fallback (higher is better). */
  noResultRate: number;
  /** Share of answerable questions that got the fallback (lower is better). */
  falseFallbackRate: number;
  /** Share of answerable questions answered with every key fact. */
  answerCorrectness: number;
  /** Per-question outcomes. */
  results: QuestionResult[];
}

/** The ids of `chunks` under a gold section: same source, heading path equal to or below it. */
export function goldChunkIds(question: EvalQuestion, chunks: readonly Chunk[]): string[][] {
  return question.gold.map(({ source, section }) =>
    chunks
      .filter((c) => {
        const path = c.headingPath.join(' > ');
        return c.source === source && (path === section || path.startsWith(`${section} > `));
      })
      .map((c) => c.id),
  );
}

/** Share of gold groups with at least one id among the first `k` retrieved ids. */
export function recallAtK(
  retrievedIds: readonly string[],
  goldGroups: readonly (readonly string[])[],
  k: number,
): number {
  if (goldGroups.length === 0) throw new Error('recallAtK: no gold groups (is the question unanswerable?)');
  const top = new Set(retrievedIds.slice(0, k));
  return goldGroups.filter((group) => group.some((id) => top.has(id))).length / goldGroups.length;
}

/** Whether `text` states every fact (case- and whitespace-insensitive). */
export function containsFacts(text: string, facts: readonly string[]): boolean {
  const haystack = normalizeForMatch(text);
  return facts.every((fact) => haystack.includes(normalizeForMatch(fact)));
}

/** Score one pipeline answer against its question. */
export function scoreQuestion(
  question: EvalQuestion,
  answer: RagAnswer,
  chunks: readonly Chunk[],
  k: number,
): QuestionResult {
  const answerable = isAnswerable(question);
  const retrievedIds = answer.retrieved.map((r) => r.chunk.id);
  const gold = goldChunkIds(question, chunks);
  if (answerable && gold.some((group) => group.length === 0)) {
    throw new Error(`question ${question.id}: a gold section matches no chunk (check source and heading path)`);
  }
  return {
    id: question.id,
    answerable,
    status: answer.status,
    retrievedIds,
    recall: answerable ? recallAtK(retrievedIds, gold, k) : undefined,
    grounded: answer.grounding?.grounded,
    correct: answerable ? answer.status === 'answered' && containsFacts(answer.text, question.facts) : undefined,
    text: answer.text,
  };
}

/** Aggregate per-question results; rates over an empty group are 0. */
export function summarize(results: readonly QuestionResult[], k: number): EvaluationReport {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const generated = results.filter((r) => r.grounded !== undefined);
  const rate = <T>(items: readonly T[], ok: (item: T) => boolean) =>
    items.length === 0 ? 0 : items.filter(ok).length / items.length;
  return {
    k,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    recallAtK:
      answerable.length === 0 ? 0 : answerable.reduce((sum, r) => sum + (r.recall ?? 0), 0) / answerable.length,
    groundednessRate: rate(generated, (r) => r.grounded === true),
    noResultRate: rate(unanswerable, (r) => r.status !== 'answered'),
    falseFallbackRate: rate(answerable, (r) => r.status !== 'answered'),
    answerCorrectness: rate(answerable, (r) => r.correct === true),
    results: [...results],
  };
}

/** Ask every question (sequentially: providers rate-limit) and summarise. */
export async function evaluate(
  rag: Rag,
  questions: readonly EvalQuestion[],
  chunks: readonly Chunk[],
  k = 5,
): Promise<EvaluationReport> {
  const results: QuestionResult[] = [];
  for (const question of questions) {
    results.push(scoreQuestion(question, await rag.ask(question.question), chunks, k));
  }
  return summarize(results, k);
}

/** The figures as a Markdown table, as pasted into the READMEs. */
export function formatReport(report: EvaluationReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    '| Metric | Value |',
    '|---|---|',
    `| Questions (answerable / unanswerable) | ${report.answerable} / ${report.unanswerable} |`,
    `| Recall@${report.k} (answerable) | ${pct(report.recallAtK)} |`,
    `| Groundedness rate (model answers passing the check) | ${pct(report.groundednessRate)} |`,
    `| Answer correctness (answerable, all key facts) | ${pct(report.answerCorrectness)} |`,
    `| No-result rate (unanswerable → fallback) | ${pct(report.noResultRate)} |`,
    `| False fallback rate (answerable → fallback) | ${pct(report.falseFallbackRate)} |`,
  ].join('\n');
}
