/**
 * Files for the OpenAI Batch API (half price, answers within 24 h): a builder for the input
 * JSONL (one request per line, each with a `custom_id`) and a parser for the output and error
 * files, which come back in any order and are matched to the requests by `custom_id`.
 */
import type { ChatRequest, FinishReason, TokenUsage } from '@workshop/llm';
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
  // TODO 1: no items, or more than MAX_BATCH_REQUESTS → throw an Error saying so.
  // TODO 2: for item i (line i + 1): throw `new BatchFileError(line, …)` when the customId is
  //   empty, was used before (name it and the line it was first used on), or the model differs
  //   from the first item's (name both models).
  // TODO 3: each line is JSON.stringify({ custom_id, method: 'POST', url: BATCH_CHAT_ENDPOINT,
  //   body: toChatCompletionBody(item.model, item.request) }); join with '\n' and end with '\n'.
  void toChatCompletionBody;
  throw new Error(`TODO: buildBatchFile — one JSONL line per request (${items.length} items)`);
}

/**
 * Parse an output or error file into results by `custom_id`. Blank lines are skipped.
 * A line that is not JSON, lacks the fields of an output line, repeats a `custom_id`, or
 * answers an id not in `expectedIds` throws `BatchFileError` naming the line.
 */
export function parseBatchOutput(jsonl: string, expectedIds?: Iterable<string>): ParsedBatchOutput {
  // TODO 1: split on newlines; line numbers start at 1; skip blank lines.
  // TODO 2: JSON.parse each line (failure → BatchFileError(line, 'not valid JSON …')), then check
  //   its shape with zod: { custom_id: non-empty string, response: { status_code, body } | null,
  //   error: { code?, message } | null }. Name the first bad field in the BatchFileError.
  // TODO 3: a repeated custom_id, or one not in `expectedIds` (when given) → BatchFileError.
  // TODO 4: map each line to a BatchResult:
  //   - `error` set → { ok: false, error: { code, message, status: undefined } }
  //   - response.status_code !== 200 → { ok: false, error: { code: body.error.code (or type),
  //     message: body.error.message, status } }
  //   - 200 → { ok: true, text: choices[0].message.content ?? '', finishReason, usage:
  //     { inputTokens: prompt_tokens, outputTokens: completion_tokens, totalTokens: total_tokens } }
  // TODO 5: missing = expected ids that got no line.
  void expectedIds;
  throw new Error(`TODO: parseBatchOutput — parse ${jsonl.length} characters of JSONL by custom_id`);
}
