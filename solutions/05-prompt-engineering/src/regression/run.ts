import type { ChatModel } from '@workshop/llm';
import type { PromptDefinition } from '../prompt-file.ts';
import { renderPrompt } from '../render.ts';
import { type AssertionResult, assertionName, checkAssertion } from './assertions.ts';
import type { GoldenCase } from './golden.ts';
import type { Judge } from './judge.ts';

/** The result of one golden case on one prompt version. */
export interface CaseResult {
  /** Golden case id. */
  caseId: string;
  /** The model's output; undefined when rendering or the call failed. */
  output?: string;
  /** Why there is no output. */
  error?: string;
  /** One result per assertion, in the case's order. */
  assertions: AssertionResult[];
  /** All assertions passed. */
  passed: boolean;
}

/** All golden cases run on one prompt version. */
export interface SuiteRun {
  /** Prompt id. */
  promptId: string;
  /** Version that ran. */
  version: string;
  /** Its content hash. */
  hash: string;
  /** One result per case, in the golden file's order. */
  cases: CaseResult[];
}

/** How to run cases. */
export interface RunOptions {
  /** The model to call, or a function that picks one by the prompt's pinned model id. */
  model: ChatModel | ((modelId: string) => ChatModel);
  /** Judge for `judge` assertions. */
  judge?: Judge;
}

/**
 * Renders each case with one prompt version, calls the model, and checks every assertion.
 * Cases run one after another: order is deterministic (scripted emulators and logs line up)
 * and a suite of a few dozen cases does not need parallelism to finish in CI.
 */
export async function runCases(prompt: PromptDefinition, cases: GoldenCase[], options: RunOptions): Promise<SuiteRun> {
  const model = typeof options.model === 'function' ? options.model(prompt.model) : options.model;
  const results: CaseResult[] = [];
  for (const c of cases) {
    let output: string;
    let input: string;
    try {
      const rendered = renderPrompt(prompt, c.variables);
      input = rendered.request.messages.findLast((m) => m.role === 'user')?.content ?? '';
      output = (await model.generate(rendered.request)).text;
    } catch (error) {
      // A case that cannot render or call is a failure of every assertion: a candidate that
      // breaks an input the baseline handled has regressed.
      const message = (error as Error).message;
      const assertions = c.assert.map((a) => ({ name: assertionName(a), passed: false, detail: message }));
      results.push({ caseId: c.id, error: message, assertions, passed: false });
      continue;
    }
    const assertions: AssertionResult[] = [];
    for (const a of c.assert) {
      assertions.push(
        await checkAssertion(a, output, { prompt: input, ...(options.judge ? { judge: options.judge } : {}) }),
      );
    }
    results.push({ caseId: c.id, output, assertions, passed: assertions.every((a) => a.passed) });
  }
  return { promptId: prompt.id, version: prompt.version, hash: prompt.hash, cases: results };
}
