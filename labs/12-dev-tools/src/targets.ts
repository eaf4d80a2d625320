import type { ChatModel } from '@workshop/llm';
import { type PromptDefinition, renderPrompt } from '@workshop-solutions/05-prompt-engineering';
import type { Target } from './types.ts';

/** Options of `promptTarget`. */
export interface PromptTargetOptions<Input> {
  /** A version from lab 05's `PromptRepository` (`get`, `latest` or `resolve('production')`). */
  prompt: PromptDefinition;
  /** The model that answers; usually the one `prompt.model` names. */
  model: ChatModel;
  /** Maps a case input to the prompt's variables. Default: the input is the variables object. */
  variables?: (input: Input) => unknown;
}

/**
 * A target that renders a versioned prompt with the case's variables and calls the model.
 * The report keeps `prompt@version`, the content hash and the model on every trial, so a score
 * is always traceable to the exact text that produced it. A case whose input does not fit the
 * prompt's variables fails that trial with lab 05's `PromptVariableError` message.
 */
export function promptTarget<Input>(options: PromptTargetOptions<Input>): Target<Input> {
  // TODO: return an async target `(input, context) => …` that
  //   1. renders the prompt with lab 05's `renderPrompt(prompt, variables)`, where variables are
  //      `options.variables?.(input)` or the input itself (a PromptVariableError just propagates:
  //      the runner records it as that trial's error, before any model call);
  //   2. calls `model.generate({ ...rendered.request, signal: context.signal })`;
  //   3. returns { output: response.text, usage: response.usage, cost: response.cost,
  //      meta: { prompt: `${rendered.promptId}@${rendered.version}`, hash: rendered.hash,
  //              model: `${response.provider}/${response.model}` } }.
  void options;
  void renderPrompt;
  throw new Error('TODO: promptTarget — render a lab 05 prompt version and call the model (DoD-2)');
}
