import type { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse } from '../spec/chat.ts';

/** Why structured output was rejected. */
export type StructuredOutputFailure =
  /** The text is not JSON at all. */
  | 'not_json'
  /** Valid JSON that does not match the schema. */
  | 'schema_mismatch';

/**
 * The model's output could not be turned into the requested object. Carries everything a
 * repair attempt needs: the raw text and the zod issues.
 */
export class StructuredOutputError extends Error {
  override readonly name = 'StructuredOutputError';
  /** What went wrong. */
  readonly reason: StructuredOutputFailure;
  /** The model's raw output. */
  readonly text: string;
  /** Schema violations (empty when the text was not JSON). */
  readonly issues: z.core.$ZodIssue[];
  /** The full response, for usage and cost accounting of the failed call. */
  readonly response: ChatResponse;

  constructor(
    reason: StructuredOutputFailure,
    message: string,
    details: { text: string; issues: z.core.$ZodIssue[]; response: ChatResponse; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.reason = reason;
    this.text = details.text;
    this.issues = details.issues;
    this.response = details.response;
  }
}

/** Type guard for `StructuredOutputError`, robust across duplicated module instances. */
export function isStructuredOutputError(error: unknown): error is StructuredOutputError {
  return error instanceof Error && error.name === 'StructuredOutputError' && 'reason' in error;
}

/** The validated object and the response it came from. */
export interface GenerateObjectResult<T> {
  /** The parsed, schema-valid object. */
  object: T;
  /** The underlying chat response (usage, cost, latency…). */
  response: ChatResponse;
}

/** A chat request for `generateObject`: the response format is set from the schema. */
export type ObjectRequest = Omit<ChatRequest, 'responseFormat'> & {
  /** Name of the schema sent to the provider (OpenAI requires one). Default `response`. */
  schemaName?: string;
};

// Models sometimes wrap JSON in a Markdown fence even when asked not to; unwrapping one
// fence is parsing, not repairing, so it happens here rather than in a retry.
const FENCE = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?\s*```\s*$/i;

/**
 * Ask `model` for JSON matching `schema` and validate it. Throws `StructuredOutputError`
 * when the output is not JSON or fails the schema; provider failures stay `ProviderError`s.
 * There is no retry inside: whether and how to repair is the caller's policy.
 */
export async function generateObject<Schema extends z.ZodType>(
  model: ChatModel,
  request: ObjectRequest,
  schema: Schema,
): Promise<GenerateObjectResult<z.output<Schema>>> {
  const { schemaName, ...rest } = request;
  const response = await model.generate({
    ...rest,
    responseFormat: { type: 'json', schema, name: schemaName ?? 'response' },
  });
  return { object: parseObject(response, schema), response };
}

/** Parse and validate a response's text against `schema` (exported for repair loops). */
export function parseObject<Schema extends z.ZodType>(response: ChatResponse, schema: Schema): z.output<Schema> {
  const text = response.text;
  let json: unknown;
  try {
    json = JSON.parse(text.match(FENCE)?.[1] ?? text);
  } catch (cause) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new StructuredOutputError('not_json', `Model output is not JSON: ${JSON.stringify(preview)}`, {
      text,
      issues: [],
      response,
      cause,
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : '(root)';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  throw new StructuredOutputError(
    'schema_mismatch',
    `Model output does not match the schema at ${field}: ${first?.message ?? 'invalid'}${more}`,
    { text, issues: result.error.issues, response },
  );
}
