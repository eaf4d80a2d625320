/**
 * The model path: one call for a structured triage, at most one repair, then a typed error, and
 * the bill for every call made.
 */
import type { ChatModel, TokenUsage } from '@workshop/llm';
import type { Triage } from './types.ts';

/** A validated triage and what it cost. */
export interface ModelTriage {
  triage: Triage;
  /** Tokens over every call made (the repair included). */
  usage: TokenUsage;
  /** 1, or 2 when the first answer needed a repair. */
  modelCalls: number;
}

/**
 * Asks `model` to triage `text`. Invalid output (not JSON, or not the schema) gets exactly one
 * repair attempt that shows the model its answer and the validation problem; if that is invalid
 * too, throws `ModelOutputError` carrying both answers and the tokens they cost. Provider failures
 * (`ProviderError`: 5xx, timeouts, refusals) propagate untouched: retrying transport errors is the
 * client's job (lab 03), and "repairing" them would pay for a call that cannot help.
 */
export async function triageWithModel(model: ChatModel, text: string): Promise<ModelTriage> {
  // TODO (DoD-2): ask the model for a triage (triageRequest in src/prompts.ts builds the request) and
  //   check its answer with parseTriage (src/triage.ts). An invalid answer gets exactly one repair
  //   that shows the model what it said and what was wrong (repairPrompt); a second invalid answer
  //   ends in a ModelOutputError (src/errors.ts). Provider failures are not invalid answers. Report
  //   the tokens of every call made, on success and on the error. Judged by test/dod-2-model.test.ts.
  void model;
  void text;
  throw new Error('TODO: triageWithModel (DoD-2), see the TODO in src/model-triage.ts');
}
