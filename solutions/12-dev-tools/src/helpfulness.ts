/**
 * The helpfulness judge of the seed's KPI ("human-rated helpfulness"), and how it is compared
 * with people: labelled answers, the judge scorer on lab 05's `createJudge` (the answer reaches
 * it in a delimited block: it cannot instruct the judge), and the verdicts per answer.
 */
import type { ChatModel } from '@workshop/llm';
import { createJudge, type Judge, judgeMessages } from '@workshop-solutions/05-prompt-engineering';
import { llmJudge } from './scorers/judge.ts';
import { readJudgeRequest, simulatedVerdict } from './simulated-judge.ts';
import type { EvalCase } from './types.ts';

/** One row of `fixtures/judged-answers.*.jsonl`: an answer and what a person said of it. */
export interface JudgedAnswer {
  id: string;
  /** The customer's question. */
  question: string;
  /** The reference answer from the policy (a person wrote it; it costs a person per question). */
  reference: string;
  /** The assistant's answer, as graded. */
  answer: string;
  /** What kind of answer it is (correct, wrong-verbose, invented…), for reading the results. */
  kind: string;
  /** The human verdict: is the answer helpful to the customer? */
  human: 'pass' | 'fail';
  /** `disputed` when the verdict is the opposite of the guideline (rater disagreement). */
  note?: string;
}

/** How the judge is set up: the decision of DoD-3. */
export interface JudgeSetup {
  /** What a helpful answer does, in sentences the judge can check. */
  rubric: string;
  /** Lowest verdict (1–5) that counts as helpful. */
  minScore: number;
  /** Whether the judge sees the reference answer next to the question. */
  reference: boolean;
}

/** A judge's verdict next to a person's, for one answer. */
export interface LabelPair {
  judge: boolean;
  human: boolean;
}

/** How far a judge agrees with people. */
export interface Agreement {
  /** Share of answers on which judge and person agree. */
  accuracy: number;
  /** Cohen's kappa: agreement beyond what two raters with these pass rates reach by chance. */
  kappa: number;
}

/** What the judge receives for a row: the question, and the reference when the setup says so. */
export function judgedCase(row: JudgedAnswer, setup: JudgeSetup): EvalCase {
  const input = setup.reference ? { question: row.question, reference: row.reference } : { question: row.question };
  return { id: row.id, input };
}

/** The simulated judge (`simulated-judge.ts`) without a network, for the dev report. */
export function offlineSimulatedJudge(): Judge {
  return async (input) => simulatedVerdict(readJudgeRequest(judgeMessages(input)));
}

/** One judged answer. */
export interface JudgeResult {
  row: JudgedAnswer;
  /** The judge's verdict: helpful or not. */
  passed: boolean;
  /** `judge <n>/5: <reason>`, or why the judge failed. */
  detail: string;
}

/**
 * Runs the helpfulness judge over labelled answers, a few at a time. A judge that answers
 * nonsense counts as "not helpful" (fail closed), with its error in `detail`.
 */
export async function judgeAnswers(
  rows: readonly JudgedAnswer[],
  setup: JudgeSetup,
  judge: ChatModel | Judge,
): Promise<JudgeResult[]> {
  const scorer = llmJudge({
    name: 'helpfulness',
    judge: typeof judge === 'function' ? judge : createJudge(judge),
    rubric: setup.rubric,
    minScore: setup.minScore,
  });
  const results: JudgeResult[] = [];
  for (let i = 0; i < rows.length; i += 8) {
    const batch = rows.slice(i, i + 8);
    const scores = await Promise.all(
      batch.map((row) =>
        scorer
          .score({ case: judgedCase(row, setup), output: row.answer })
          .catch((error: unknown) => ({ passed: false, detail: `judge error: ${(error as Error).message}` })),
      ),
    );
    for (const [j, s] of scores.entries())
      results.push({ row: batch[j] as JudgedAnswer, passed: s.passed, detail: s.detail });
  }
  return results;
}

/** The rubric the team started with (the dev report shows how it agrees with people). */
export const FIRST_RUBRIC: JudgeSetup = {
  rubric: 'Rate how helpful the answer is for the customer. Friendly, thorough and confident answers help most.',
  minScore: 4,
  reference: false,
};
