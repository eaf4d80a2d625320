/**
 * End-to-end evaluation on the question set: retrieval (Recall@k), generation (groundedness,
 * answer correctness) and refusal (no-result rate on unanswerable questions).
 */
import type { EvalQuestion } from './corpus.ts';
// TODO: you will need `isAnswerable` from './corpus.ts' and `normalizeForMatch` from './text.ts'.
import type { Rag, RagAnswer } from './rag.ts';
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
  // TODO: one group per gold section: the ids of the chunks with the same source whose heading path,
  //       joined with ' > ', equals the section or starts with `${section} > `.
  throw new Error(`TODO: goldChunkIds for ${question.id} over ${chunks.length} chunks`);
}

/** Share of gold groups with at least one id among the first `k` retrieved ids. */
export function recallAtK(
  retrievedIds: readonly string[],
  goldGroups: readonly (readonly string[])[],
  k: number,
): number {
  // TODO: throw when there are no gold groups; otherwise the share of groups with at least one id
  //       among the first k retrieved ids.
  throw new Error(`TODO: recallAtK@${k} (${retrievedIds.length} retrieved, ${goldGroups.length} gold groups)`);
}

/** Whether `text` states every fact (case- and whitespace-insensitive). */
export function containsFacts(text: string, facts: readonly string[]): boolean {
  // TODO: every fact appears in the text, both sides passed through normalizeForMatch.
  throw new Error(`TODO: containsFacts (${text.length} chars, ${facts.length} facts)`);
}

/** Score one pipeline answer against its question. */
export function scoreQuestion(
  question: EvalQuestion,
  answer: RagAnswer,
  chunks: readonly Chunk[],
  k: number,
): QuestionResult {
  // TODO: answerable = isAnswerable(question); retrievedIds from answer.retrieved; gold = goldChunkIds(...)
  //       (throw naming the question when an answerable question has a group with no chunk);
  //       recall = recallAtK(retrievedIds, gold, k) for answerable questions, else undefined;
  //       grounded = answer.grounding?.grounded; correct = answered && containsFacts(answer.text, question.facts)
  //       for answerable questions, else undefined; id, status and text from the question and the answer.
  throw new Error(`TODO: scoreQuestion ${question.id} (${answer.status}, ${chunks.length} chunks, k ${k})`);
}

/** Aggregate per-question results; rates over an empty group are 0. */
export function summarize(results: readonly QuestionResult[], k: number): EvaluationReport {
  // TODO: recallAtK = mean recall over answerable results; groundednessRate over results whose `grounded`
  //       is defined (the model was called); noResultRate = unanswerable results not 'answered';
  //       falseFallbackRate = answerable results not 'answered'; answerCorrectness = answerable results
  //       with correct === true. A rate over an empty group is 0. Keep `results` and `k`.
  throw new Error(`TODO: summarize ${results.length} results at k = ${k}`);
}

/** Ask every question (sequentially: providers rate-limit) and summarise. */
export async function evaluate(
  rag: Rag,
  questions: readonly EvalQuestion[],
  chunks: readonly Chunk[],
  k = 5,
): Promise<EvaluationReport> {
  // TODO: for each question in order (sequentially: providers rate-limit), scoreQuestion(question,
  //       await rag.ask(question.question), chunks, k); then summarize(results, k).
  throw new Error(`TODO: evaluate ${questions.length} questions (${chunks.length} chunks, k ${k}, ${typeof rag})`);
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
