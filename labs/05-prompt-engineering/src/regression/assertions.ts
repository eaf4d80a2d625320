import type { Assertion } from './golden.ts';
import type { Judge } from './judge.ts';

// TODO: add the imports your code needs, e.g.:
//   import { z } from 'zod';

/** The outcome of one assertion on one output. */
export interface AssertionResult {
  /** Short, stable description, e.g. `contains "ORD-1042"`; used to match baseline and candidate. */
  name: string;
  /** Whether the output satisfied it. */
  passed: boolean;
  /** Why it failed (or the judge's reason); empty when there is nothing to say. */
  detail: string;
  /** The judge's score, for `judge` assertions that got one. */
  score?: number;
}

/** What an assertion may need besides the output. */
export interface AssertionContext {
  /** The rendered input (the last user message), shown to the judge. */
  prompt: string;
  /** Judge for `judge` assertions; without one they fail with a clear detail. */
  judge?: Judge;
}

/** A short, stable name for an assertion. */
export function assertionName(assertion: Assertion): string {
  switch (assertion.type) {
    case 'contains':
      return `contains "${assertion.value}"${assertion.ignoreCase ? ' (ignore case)' : ''}`;
    case 'regex':
      return `matches /${assertion.pattern}/${assertion.flags}`;
    case 'json_schema':
      return 'json matches schema';
    case 'judge':
      return `judge >= ${assertion.minScore}: ${assertion.rubric.split('\n')[0]?.slice(0, 60)}`;
  }
}

/** Checks one assertion against one output. Never throws: every problem is a failed result. */
export async function checkAssertion(
  assertion: Assertion,
  output: string,
  context: AssertionContext,
): Promise<AssertionResult> {
  // TODO: check one assertion; never throw — a problem is { name, passed: false, detail: '<why>' }.
  // name = assertionName(assertion). Per type:
  //   contains    -> output includes value (lower-case both when ignoreCase); detail names the missing value
  //   regex       -> new RegExp(pattern, flags).test(output)
  //   json_schema -> JSON.parse(output) (not JSON -> detail 'output is not JSON'), then
  //                  z.fromJSONSchema(assertion.schema).safeParse(json); detail = '<path>: <message>' of the first issue
  //   judge       -> no context.judge -> fail; otherwise verdict = await context.judge({ rubric, prompt: context.prompt, output });
  //                  passed = verdict.score >= minScore, detail 'score N/5: <reason>', score = verdict.score;
  //                  a judge that throws is a failure with detail 'judge error: <message>'
  throw new Error(
    `TODO: checkAssertion(${assertion.type}, ${output.length} chars, judge ${context.judge ? 'set' : 'unset'}) — contains, regex, json_schema and judge`,
  );
}
