import type { ChatModel } from '@workshop/llm';
import { z } from 'zod';
import { judgeMessages } from './judge-prompt.ts';

/** A judge's verdict on one output. */
export interface JudgeVerdict {
  /** 1 (fails the rubric) to 5 (fully meets it). */
  score: number;
  /** One sentence on why. */
  reason: string;
}

/** What a judge grades: the rubric (trusted), the input and the output (both untrusted). */
export interface JudgeInput {
  /** What a good output does, written by the team. */
  rubric: string;
  /** The rendered input the output answers (e.g. the customer's ticket). */
  prompt: string;
  /** The output to grade, exactly as the model produced it. */
  output: string;
}

/** Scores an output against a rubric. */
export type Judge = (input: JudgeInput) => Promise<JudgeVerdict>;

const VerdictSchema = z.object({ score: z.int().min(1).max(5), reason: z.string() });

/**
 * A judge backed by a chat model at temperature 0, on the messages `judgeMessages` builds. The
 * verdict is validated with zod; a judge that answers something else throws, and the assertion
 * reports it as a failure (never as a pass: a broken judge must not wave a candidate through).
 */
export function createJudge(model: ChatModel): Judge {
  return async (input) => {
    const response = await model.generate({
      messages: judgeMessages(input),
      temperature: 0,
      responseFormat: { type: 'json', schema: VerdictSchema, name: 'verdict' },
    });
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new Error(`judge answered with non-JSON: ${response.text.slice(0, 80)}`);
    }
    const verdict = VerdictSchema.safeParse(json);
    if (!verdict.success) throw new Error(`judge verdict is invalid: ${verdict.error.issues[0]?.message}`);
    return verdict.data;
  };
}
