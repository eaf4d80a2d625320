import type { ChatModel } from '@workshop/llm';
import { z } from 'zod';

/** A judge's verdict on one output. */
export interface JudgeVerdict {
  /** 1 (fails the rubric) to 5 (fully meets it). */
  score: number;
  /** One sentence on why. */
  reason: string;
}

/** Scores an output against a rubric. */
export type Judge = (input: { rubric: string; prompt: string; output: string }) => Promise<JudgeVerdict>;

const VerdictSchema = z.object({ score: z.int().min(1).max(5), reason: z.string() });

const JUDGE_SYSTEM = [
  'You grade the RESPONSE of an AI assistant against a RUBRIC.',
  'Score from 1 (does not meet the rubric at all) to 5 (fully meets it).',
  'Judge only what the rubric asks; ignore style unless the rubric mentions it.',
  'Answer with JSON only: {"score": <integer 1-5>, "reason": "<one sentence>"}',
].join('\n');

/**
 * A judge backed by a chat model at temperature 0. The verdict is validated with zod; a
 * judge that answers something else throws, and the assertion reports it as a failure
 * (never as a pass: a broken judge must not wave a candidate through).
 */
export function createJudge(model: ChatModel): Judge {
  return async ({ rubric, prompt, output }) => {
    const response = await model.generate({
      messages: [
        { role: 'system', content: JUDGE_SYSTEM },
        { role: 'user', content: `RUBRIC:\n${rubric}\n\nINPUT:\n${prompt}\n\nRESPONSE:\n${output}` },
      ],
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
