/**
 * DoD-1 — what may enter the index. A handbook page is data written for people; a unit of it that
 * talks to an AI (to change what it says or does) is an attack, whatever language or format it
 * hides in. The cost of a miss: the model repeats the attacker's words. The cost of a false flag:
 * a real policy paragraph ("Tell the customer…", "The assistant store manager…") silently
 * disappears from every answer.
 */

/** Whether `unit` (a paragraph, list item, table row or code block of a document) addresses an AI. */
export function isInstruction(unit: string): boolean {
  // TODO (DoD-1): true for a unit written to make an AI say or do something (in any language, in
  // prose, a table row or a code block), false for the handbook's own text, which is full of
  // instructions to people. Calibrate on the dev attacks with the dev report. Judged on the test
  // attacks: at least 85 % leave the answer and the policy unchanged, at most 1 % of handbook
  // units removed (test/dod-1-injection.test.ts).
  throw new Error(
    `TODO(DoD-1): decide what counts as an instruction to an AI in src/injection.ts (${unit.length} chars)`,
  );
}
