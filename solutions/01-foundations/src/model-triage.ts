/**
 * The model path: one call for a structured triage, at most one repair, then a typed error, and
 * the bill for every call made.
 */
import type { ChatModel, TokenUsage } from '@workshop/llm';
import { ModelOutputError } from './errors.ts';
import { repairPrompt, triageRequest } from './prompts.ts';
import { parseTriage, type TriageParse } from './triage.ts';
import type { Triage } from './types.ts';
import { addUsage } from './usage.ts';

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
  const request = triageRequest(text);
  const first = await model.generate(request);
  const firstParse = parseTriage(first.text);
  if (firstParse.ok) return { triage: firstParse.triage, usage: first.usage, modelCalls: 1 };

  // The repair continues the conversation: the model sees what it said and why it was rejected,
  // which fixes far more than asking the same question again.
  const repair = await model.generate({
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: first.text },
      { role: 'user', content: repairPrompt(firstParse.problem) },
    ],
  });
  const usage = addUsage(first.usage, repair.usage);
  const repairParse = parseTriage(repair.text);
  if (repairParse.ok) return { triage: repairParse.triage, usage, modelCalls: 2 };

  // A second failure is a finding, not bad luck: a third call would mostly burn tokens.
  throw new ModelOutputError(`model output still invalid after 1 repair attempt: ${oneLine(repairParse)}`, {
    rawOutputs: [first.text, repair.text],
    issues: repairParse.issues,
    usage,
  });
}

/** A one-line account of a failed parse, for the error message (logs and alerts are line-based). */
function oneLine(parse: Extract<TriageParse, { ok: false }>): string {
  if (parse.issues.length === 0) return parse.problem.replace(/\s+/g, ' ');
  return parse.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
