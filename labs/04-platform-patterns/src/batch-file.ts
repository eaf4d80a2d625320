/**
 * Files for the OpenAI Batch API (half price, answers within 24 h): a builder for the input
 * JSONL (one request per line, each with a `custom_id`) and a parser for the output and error
 * files, which come back in any order and are matched to the requests by `custom_id`.
 */
import type { ChatRequest, FinishReason, TokenUsage } from '@workshop/llm';
import { z } from 'zod';
import { toChatCompletionBody } from './openai-body.ts';

/** The endpoint every line of a chat batch targets. */
export const BATCH_CHAT_ENDPOINT = '/v1/chat/completions';

/** The Batch API's limit on requests per input file. */
export const MAX_BATCH_REQUESTS = 50_000;

/** One request to put in a batch file. */
export interface BatchRequestItem {
  /** Your id for the request; the output line with the same `custom_id` answers it. Unique per file. */
  customId: string;
  /** Model id; one model per batch file. */
  model: string;
  /** The chat request (its `signal` is ignored). */
  request: ChatRequest;
}

/** The answer to one batched request. */
export type BatchResult =
  | {
      /** The request's `custom_id`. */
      customId: string;
      ok: true;
      /** The assistant's text (empty when it only called tools). */
      text: string;
      /** Why generation ended. */
      finishReason: FinishReason;
      /** Tokens the request used (billed at the batch discount). */
      usage: TokenUsage;
    }
  | {
      /** The request's `custom_id`. */
      customId: string;
      ok: false;
      /** Why it failed: the API's error code (e.g. `batch_expired`, `invalid_request_error`) and message. */
      error: { code: string; message: string; status: number | undefined };
    };

/** A parsed output (or error) file. */
export interface ParsedBatchOutput {
  /** Results by `custom_id`. */
  results: Map<string, BatchResult>;
  /** Expected ids with no line in the file (when `expectedIds` was given): resubmit these. */
  missing: string[];
}

/** A malformed batch item or output line; `line` is 1-based. */
export class BatchFileError extends Error {
  override readonly name = 'BatchFileError';
  /** The 1-based line of the file (or item of the input list) that is wrong. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/** Build the JSONL input file: one `{custom_id, method, url, body}` line per item, newline-terminated. */
export function buildBatchFile(items: readonly BatchRequestItem[]): string {
  if (items.length === 0) throw new Error('buildBatchFile: no requests to batch');
  if (items.length > MAX_BATCH_REQUESTS) {
    throw new Error(
      `buildBatchFile: ${items.length} requests, over the Batch API limit of ${MAX_BATCH_REQUESTS} per file`,
    );
  }
  const firstLine = new Map<string, number>();
  const model = items[0]?.model;
  const lines = items.map((item, index) => {
    const line = index + 1;
    if (typeof item.customId !== 'string' || item.customId.trim() === '') {
      throw new BatchFileError(line, 'custom_id must be a non-empty string');
    }
    const earlier = firstLine.get(item.customId);
    if (earlier !== undefined) {
      throw new BatchFileError(line, `duplicate custom_id "${item.customId}" (first used on line ${earlier})`);
    }
    firstLine.set(item.customId, line);
    if (item.model !== model) {
      throw new BatchFileError(line, `model "${item.model}" differs from "${model}": a batch file holds one model`);
    }
    if (item.request.messages.length === 0) throw new BatchFileError(line, 'request has no messages');
    return JSON.stringify({
      custom_id: item.customId,
      method: 'POST',
      url: BATCH_CHAT_ENDPOINT,
      body: toChatCompletionBody(item.model, item.request),
    });
  });
  return `${lines.join('\n')}\n`;
}

const errorShape = z.object({ code: z.string().nullish(), message: z.string() });

const outputLine = z.object({
  custom_id: z.string().min(1),
  response: z.object({ status_code: z.number().int(), body: z.unknown() }).nullable(),
  error: errorShape.nullable(),
});

const completionBody = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullable(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }),
});

const errorBody = z.object({ error: errorShape.extend({ type: z.string().nullish() }) });

/**
 * Parse an output or error file into results by `custom_id`. Blank lines are skipped.
 * A line that is not JSON, lacks the fields of an output line, repeats a `custom_id`, or
 * answers an id not in `expectedIds` throws `BatchFileError` naming the line.
 */
export function parseBatchOutput(jsonl: string, expectedIds?: Iterable<string>): ParsedBatchOutput {
  const expected = expectedIds ? new Set(expectedIds) : undefined;
  const results = new Map<string, BatchResult>();
  jsonl.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new BatchFileError(line, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = outputLine.safeParse(json);
    if (!parsed.success) throw new BatchFileError(line, describeIssue(parsed.error));
    const { custom_id: customId } = parsed.data;
    if (results.has(customId)) throw new BatchFileError(line, `duplicate custom_id "${customId}"`);
    if (expected && !expected.has(customId)) {
      throw new BatchFileError(line, `custom_id "${customId}" is not one of the batch's requests`);
    }
    results.set(customId, toResult(line, parsed.data));
  });
  const missing = expected ? [...expected].filter((id) => !results.has(id)) : [];
  return { results, missing };
}

function toResult(line: number, data: z.infer<typeof outputLine>): BatchResult {
  const customId = data.custom_id;
  if (data.error) {
    return {
      customId,
      ok: false,
      error: { code: data.error.code ?? 'error', message: data.error.message, status: undefined },
    };
  }
  if (!data.response) throw new BatchFileError(line, 'neither response nor error is set');
  const { status_code: status, body } = data.response;
  if (status !== 200) {
    const failure = errorBody.safeParse(body);
    const code = failure.success
      ? (failure.data.error.code ?? failure.data.error.type ?? `http_${status}`)
      : `http_${status}`;
    const message = failure.success ? failure.data.error.message : `request failed with status ${status}`;
    return { customId, ok: false, error: { code, message, status } };
  }
  const completion = completionBody.safeParse(body);
  if (!completion.success) throw new BatchFileError(line, `response.body: ${describeIssue(completion.error)}`);
  const choice = completion.data.choices[0] as z.infer<typeof completionBody>['choices'][number];
  const usage = completion.data.usage;
  return {
    customId,
    ok: true,
    text: choice.message.content ?? '',
    finishReason: toFinishReason(choice.finish_reason),
    usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: usage.total_tokens },
  };
}

function toFinishReason(reason: string | null): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return reason;
    default:
      return 'other';
  }
}

/** The first zod issue as `path: message`, e.g. `custom_id: Invalid input: expected string`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid line';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
