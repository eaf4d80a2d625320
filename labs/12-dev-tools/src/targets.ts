import type { ChatModel } from '@workshop/llm';
import { type PromptDefinition, renderPrompt } from '@workshop-solutions/05-prompt-engineering';
import type { Target, TargetOutput } from './types.ts';

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
  const { prompt, model } = options;
  const toVariables = options.variables ?? ((input: Input) => input);
  return async (input, context): Promise<TargetOutput> => {
    const rendered = renderPrompt(prompt, toVariables(input));
    const response = await model.generate({
      ...rendered.request,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return {
      output: response.text,
      usage: response.usage,
      cost: response.cost,
      meta: {
        prompt: `${rendered.promptId}@${rendered.version}`,
        hash: rendered.hash,
        model: `${response.provider}/${response.model}`,
      },
    };
  };
}
