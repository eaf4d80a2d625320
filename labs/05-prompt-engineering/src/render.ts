import type { ChatMessage, ChatRequest } from '@workshop/llm';
import type { z } from 'zod';
import { PromptVariableError } from './errors.ts';
import type { PromptDefinition } from './prompt-file.ts';
import { interpolate } from './template.ts';
import { type VariableDecl, type VariablesSchema, type VariableValue, variablesSchema } from './variables.ts';

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
  const label = `${prompt.id}@${prompt.version}`;
  const parsed = compiledSchema(prompt.variables).safeParse(variables ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw new PromptVariableError(label, parsed.error.issues.flatMap(describeIssue));
  }
  const values = parsed.data;
  const messages: ChatMessage[] = prompt.messages.map((m) => ({
    role: m.role,
    content: interpolate(m.template, values),
  }));
  const p = prompt.parameters;
  const request: ChatRequest = { messages };
  if (p.temperature !== undefined) request.temperature = p.temperature;
  if (p.maxOutputTokens !== undefined) request.maxOutputTokens = p.maxOutputTokens;
  if (p.seed !== undefined) request.seed = p.seed;
  if (p.stop !== undefined) request.stop = p.stop;
  if (p.responseFormat === 'json') request.responseFormat = { type: 'json' };
  return {
    promptId: prompt.id,
    version: prompt.version,
    hash: prompt.hash,
    model: prompt.model,
    request,
    variables: values,
  };
}

/**
 * The zod schema of a version's variables, built once per version: building it costs more than
 * validating with it, and a service renders the same version on every request. Keyed by the
 * declarations object a loaded version holds (versions are immutable), so it is collected with it.
 */
const schemas = new WeakMap<Record<string, VariableDecl>, VariablesSchema>();
function compiledSchema(decls: Record<string, VariableDecl>): VariablesSchema {
  let schema = schemas.get(decls);
  if (!schema) {
    schema = variablesSchema(decls);
    schemas.set(decls, schema);
  }
  return schema;
}

/** One readable problem per variable. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `unknown variable "${k}"`);
  const name = String(issue.path[0] ?? '');
  if (name === '') return [`variables must be an object: ${issue.message}`];
  if (issue.code === 'invalid_type' && issue.input === undefined) return [`missing variable "${name}"`];
  return [`variable "${name}": ${issue.message}`];
}
