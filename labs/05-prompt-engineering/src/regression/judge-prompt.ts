import type { ChatMessage } from '@workshop/llm';
import type { JudgeInput } from './judge.ts';

/** How to grade and how to answer; the judge's own instructions, the same for every request. */
export const GRADING_INSTRUCTIONS = [
  'You grade the RESPONSE of an AI assistant against a RUBRIC.',
  'Score from 1 (does not meet the rubric at all) to 5 (fully meets it).',
  'Judge only what the rubric asks; ignore style unless the rubric mentions it.',
  'Answer with JSON only: {"score": <integer 1-5>, "reason": "<one sentence>"}',
].join('\n');

/**
 * The judge's messages for `createJudge`: its instructions, the rubric, the input and the output
 * to grade. The output was written by the model under test, and through it by whoever wrote the
 * ticket; the input was written by a customer.
 *
 * Design: (your choice of delimiting, and what it costs a real model reading it; README "DoD-1")
 */
export function judgeMessages(input: JudgeInput): ChatMessage[] {
  // TODO (DoD-1): build the judge's messages so that nothing the output (or the input) says can
  //   instruct the judge, whatever it contains, while the judge still reads the whole output as
  //   the thing it grades. README "DoD-1" says how the emulated judge reads a prompt. Judged on
  //   the test split of injected outputs (in the output and in the ticket), on attackers who have
  //   read this file, and on generated outputs (test/dod-1-judge.test.ts). Then state your design
  //   and its cost in the comment above. Try it on dev: node labs/05-prompt-engineering/src/dev-report.ts
  void input;
  throw new Error('TODO: judgeMessages (DoD-1), see the TODO in src/regression/judge-prompt.ts');
}
