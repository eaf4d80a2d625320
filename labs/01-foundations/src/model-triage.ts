/**
 * The model path: one call for a structured triage, at most one repair, then a typed error.
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
 * Asks `model` to triage `text`. Invalid output (not JSON, or not the schema) gets exactly
 * one repair attempt that shows the model its answer and the validation problem; if that
 * is invalid too, throws `ModelOutputError`. Provider failures (`ProviderError`) propagate
 * untouched: retrying transport errors is the client's job, not the repair's.
 */
export async function triageWithModel(model: ChatModel, text: string): Promise<ModelTriage> {
  // TODO (DoD-4): one call: model.generate({ messages: [system TRIAGE_SYSTEM_PROMPT (src/prompts.ts),
  //   user text], responseFormat: { type: 'json', schema: TriageSchema, name: 'triage' }, temperature: 0 });
  //   validate response.text with parseTriage (src/triage.ts); valid → return { triage, usage, modelCalls: 1 }.
  // TODO (DoD-5): invalid → exactly ONE repair call: the same request with two more messages,
  //   { role: 'assistant', content: <the invalid text> } and { role: 'user', content: repairPrompt(problem) }.
  //   Valid now → return it with modelCalls: 2. Still invalid → throw new ModelOutputError (src/errors.ts)
  //   with a one-line message naming the failing fields, both raw outputs and the last parse's issues.
  //   Do not catch ProviderError.
  // TODO (DoD-6): `usage` is the sum over every call made (addUsage in src/usage.ts), also on the error.
  void model;
  void text;
  throw new Error('TODO: triageWithModel (DoD-4, DoD-5, DoD-6) — see the TODOs in src/model-triage.ts');
}
