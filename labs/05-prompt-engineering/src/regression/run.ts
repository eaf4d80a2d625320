import type { ChatModel } from '@workshop/llm';
import type { PromptDefinition } from '../prompt-file.ts';
import { renderPrompt } from '../render.ts';
import { type AssertionResult, assertionName, checkAssertion } from './assertions.ts';
import type { GoldenCase } from './golden.ts';
import type { Judge } from './judge.ts';

/** How often one assertion of one case held over the runs of that case. */
export interface AssertionTally {
  /** The assertion's stable name (see `assertionName`). */
  name: string;
  /** Runs in which it held. */
  passed: number;
  /** Runs of the case. */
  runs: number;
  /** Why it failed, once per distinct reason (for the report). */
  details: string[];
}

/** One golden case run `runs` times on one prompt version. */
export interface CaseResult {
  /** Golden case id. */
  caseId: string;
  /** How many times the case ran. */
  runs: number;
  /** One tally per assertion, in the case's order. */
  assertions: AssertionTally[];
  /** The outputs, one per run (undefined where rendering or the call failed). */
  outputs: (string | undefined)[];
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
  /** Runs per case (outputs vary between runs at temperature > 0). Default 1. */
  repeats?: number;
}

/**
 * Renders each case with one prompt version, calls the model `repeats` times, and tallies every
 * assertion over the runs. The runs of one case go out together (a check then takes about one
 * call's time per case); cases go one after another, so no more than `repeats` calls are in
 * flight against the provider's rate limit.
 */
export async function runCases(prompt: PromptDefinition, cases: GoldenCase[], options: RunOptions): Promise<SuiteRun> {
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  const model = typeof options.model === 'function' ? options.model(prompt.model) : options.model;
  const results: CaseResult[] = [];
  for (const c of cases) {
    const tallies: AssertionTally[] = c.assert.map((a) => ({
      name: assertionName(a),
      passed: 0,
      runs: 0,
      details: [],
    }));
    const outputs: (string | undefined)[] = [];
    const runs = await Promise.all(Array.from({ length: repeats }, () => runOnce(prompt, c, model, options.judge)));
    for (const checked of runs) {
      outputs.push(checked.output);
      checked.results.forEach((result, i) => {
        const tally = tallies[i] as AssertionTally;
        tally.runs += 1;
        if (result.passed) tally.passed += 1;
        else if (!tally.details.includes(result.detail)) tally.details.push(result.detail);
      });
    }
    results.push({ caseId: c.id, runs: repeats, assertions: tallies, outputs });
  }
  return { promptId: prompt.id, version: prompt.version, hash: prompt.hash, cases: results };
}

/** One run of one case: render, call, check every assertion. */
async function runOnce(
  prompt: PromptDefinition,
  c: GoldenCase,
  model: ChatModel,
  judge: Judge | undefined,
): Promise<{ output?: string; results: AssertionResult[] }> {
  let output: string;
  let input: string;
  try {
    const rendered = renderPrompt(prompt, c.variables);
    input = rendered.request.messages.findLast((m) => m.role === 'user')?.content ?? '';
    output = (await model.generate(rendered.request)).text;
  } catch (error) {
    // A run that cannot render or call fails every assertion: a candidate that breaks an input
    // the baseline handled has regressed.
    const message = (error as Error).message;
    return { results: c.assert.map((a) => ({ name: assertionName(a), passed: false, detail: message })) };
  }
  const results: AssertionResult[] = [];
  for (const a of c.assert)
    results.push(await checkAssertion(a, output, { prompt: input, ...(judge ? { judge } : {}) }));
  return { output, results };
}
