import type { ChatRequest } from '@workshop/llm';
import type { PromptDefinition } from './prompt-file.ts';
import type { VariableValue } from './variables.ts';

// TODO: add the imports your code needs, e.g.:
//   import type { ChatMessage } from '@workshop/llm';
//   import type { z } from 'zod';
//   import { PromptVariableError } from './errors.ts';
//   import { interpolate } from './template.ts';
//   import { variablesSchema } from './variables.ts';

/** A prompt version rendered with concrete variables: ready to send, and traceable back. */
export interface RenderedPrompt {
  /** The prompt's id. */
  promptId: string;
  /** The version that was rendered. */
  version: string;
  /** The version's content hash; log it with every call so outputs can be traced to a prompt. */
  hash: string;
  /** Model id the prompt pins; pick the `ChatModel` with it. */
  model: string;
  /** The chat request: rendered messages plus the pinned sampling parameters. */
  request: ChatRequest;
  /** The validated variables, defaults applied. */
  variables: Record<string, VariableValue>;
}

/**
 * Validates `variables` against the prompt's declared schema and fills in the template.
 * A missing, unknown or mistyped variable is a `PromptVariableError` that lists every problem
 * by variable name; nothing is sent with a hole in it.
 */
export function renderPrompt(prompt: PromptDefinition, variables: unknown): RenderedPrompt {
  // TODO: validate, then fill the template.
  // 1. `variablesSchema(prompt.variables).safeParse(variables ?? {}, { reportInput: true })`.
  // 2. On failure throw `new PromptVariableError(`${id}@${version}`, problems)` with one problem per issue:
  //      issue.code 'unrecognized_keys'            -> `unknown variable "<key>"` (one per key)
  //      'invalid_type' with issue.input undefined -> `missing variable "<name>"` (name = issue.path[0])
  //      anything else                             -> `variable "<name>": <issue.message>`
  // 3. messages = prompt.messages.map(m => ({ role: m.role, content: interpolate(m.template, values) })).
  // 4. request = { messages } plus the pinned parameters: temperature, maxOutputTokens, seed, stop,
  //    and responseFormat { type: 'json' } when parameters.responseFormat is 'json'.
  // 5. Return { promptId, version, hash, model, request, variables: values } (values = parsed data, defaults applied).
  throw new Error(
    `TODO: renderPrompt(${prompt.id}@${prompt.version}, ${typeof variables}) — validate variables with zod and fill the template`,
  );
}
