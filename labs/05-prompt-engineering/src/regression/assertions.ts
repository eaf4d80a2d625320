import { z } from 'zod';
import type { Assertion } from './golden.ts';
import type { Judge } from './judge.ts';

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
  const name = assertionName(assertion);
  const fail = (detail: string): AssertionResult => ({ name, passed: false, detail });
  switch (assertion.type) {
    case 'contains': {
      const haystack = assertion.ignoreCase ? output.toLowerCase() : output;
      const needle = assertion.ignoreCase ? assertion.value.toLowerCase() : assertion.value;
      return haystack.includes(needle) ? { name, passed: true, detail: '' } : fail(`"${assertion.value}" not found`);
    }
    case 'regex':
      return new RegExp(assertion.pattern, assertion.flags).test(output)
        ? { name, passed: true, detail: '' }
        : fail('no match');
    case 'json_schema': {
      let json: unknown;
      try {
        json = JSON.parse(output);
      } catch {
        return fail('output is not JSON');
      }
      const result = z.fromJSONSchema(assertion.schema).safeParse(json);
      if (result.success) return { name, passed: true, detail: '' };
      const issue = result.error.issues[0];
      return fail(`${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    case 'judge': {
      if (!context.judge) return fail('no judge configured');
      try {
        const verdict = await context.judge({ rubric: assertion.rubric, prompt: context.prompt, output });
        return {
          name,
          passed: verdict.score >= assertion.minScore,
          detail: `score ${verdict.score}/5: ${verdict.reason}`,
          score: verdict.score,
        };
      } catch (error) {
        return fail(`judge error: ${(error as Error).message}`);
      }
    }
  }
}
