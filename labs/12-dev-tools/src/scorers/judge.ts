import type { ChatModel } from '@workshop/llm';
import { createJudge, type Judge } from '@workshop-solutions/05-prompt-engineering';
import type { Scorer } from '../types.ts';

/** Options of `llmJudge`. */
export interface JudgeScorerOptions {
  /** Scorer name in the report. */
  name?: string;
  /** The judge model (use a different, stronger model than the target's), or a ready judge. */
  judge: ChatModel | Judge;
  /** What a good answer does, in checkable sentences. */
  rubric: string;
  /** Lowest verdict (1–5) that passes. Default 4. */
  minScore?: number;
}

/**
 * LLM-as-judge with a rubric, on lab 05's judge (temperature 0, JSON verdict `{score 1–5, reason}`
 * validated with zod). The score is normalised to 0..1 as `(verdict - 1) / 4`. A judge answer
 * that is not a valid verdict throws, and the runner records a failed score: fail closed.
 */
export function llmJudge(options: JudgeScorerOptions): Scorer {
  const judge: Judge = typeof options.judge === 'function' ? options.judge : createJudge(options.judge);
  const minScore = options.minScore ?? 4;
  if (!Number.isInteger(minScore) || minScore < 1 || minScore > 5) {
    throw new RangeError(`minScore must be an integer 1..5, got ${minScore}`);
  }
  return {
    name: options.name ?? 'judge',
    async score({ case: evalCase, output }) {
      const prompt = typeof evalCase.input === 'string' ? evalCase.input : JSON.stringify(evalCase.input);
      const verdict = await judge({ rubric: options.rubric, prompt, output });
      return {
        score: (verdict.score - 1) / 4,
        passed: verdict.score >= minScore,
        detail: `judge ${verdict.score}/5: ${verdict.reason}`,
      };
    },
  };
}
