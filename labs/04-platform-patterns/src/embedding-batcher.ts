/**
 * Coalesce concurrent single-text embedding requests into one API call. Callers keep the
 * simple `embed(text)` interface; the batcher waits at most `maxWaitMs` for company, sends up
 * to `maxBatchSize` texts at once, and routes each vector back to its caller.
 */
import type { EmbeddingModel } from '@workshop/llm';
import { type Scheduler, timerScheduler } from './clock.ts';

/** Settings of an `EmbeddingBatcher`. */
export interface EmbeddingBatcherOptions {
  /** The model that embeds each batch. */
  model: EmbeddingModel;
  /** Most texts per call; capped at `model.maxBatchSize`. Default: `model.maxBatchSize`. */
  maxBatchSize?: number;
  /** Longest a text waits for others before its batch is sent, in ms. Default 5. */
  maxWaitMs?: number;
  /** Longest text the model accepts, in tokens. Default 8191 (OpenAI's embedding models). */
  maxInputTokens?: number;
  /** Scheduler for the max-wait timer; `setTimeout` by default. */
  schedule?: Scheduler;
}

/** What the batcher has done so far. */
export interface BatcherStats {
  /** Texts callers asked to embed. */
  requested: number;
  /** Calls made to the model. */
  apiCalls: number;
  /** Texts whose caller got an error. */
  failed: number;
}

/** Default input limit: OpenAI's `text-embedding-3-*` and `ada-002` accept 8191 tokens. */
export const DEFAULT_MAX_INPUT_TOKENS = 8191;

/** Batches concurrent `embed(text)` calls into `model.embed(texts)` calls. */
export class EmbeddingBatcher {
  readonly model: EmbeddingModel;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly maxInputTokens: number;
  readonly #schedule: Scheduler;

  constructor(options: EmbeddingBatcherOptions) {
    // TODO: reject a maxBatchSize that is not a positive integer and a negative maxWaitMs
    //   with a RangeError naming the field.
    this.model = options.model;
    this.maxBatchSize = Math.min(options.maxBatchSize ?? options.model.maxBatchSize, options.model.maxBatchSize);
    this.maxWaitMs = options.maxWaitMs ?? 5;
    this.maxInputTokens = options.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS;
    this.#schedule = options.schedule ?? timerScheduler;
    // TODO: add the queue of waiting callers ({ text, resolve, reject }), the cancel function of
    //   the running timer, the set of calls in flight, and the counters behind `stats()`.
  }

  /**
   * The embedding of `text`, computed in a batch with whatever other texts arrive within
   * `maxWaitMs`. An invalid text (empty, too long) rejects only its own caller, at once.
   */
  embed(text: string): Promise<number[]> {
    // TODO 1: validate the text alone: empty (after trim) or more than maxInputTokens tokens
    //   (`countTokens(text, this.model.modelId)` from '@workshop/llm') → return a rejected promise
    //   with `new ProviderError('invalid_request', this.model.provider, '<what is wrong>')`
    //   (say "empty", or the token count and the limit). It never joins a batch.
    // TODO 2: otherwise return a new Promise and queue { text, resolve, reject }.
    // TODO 3: queue length reached maxBatchSize → send a full batch now (and cancel the timer if
    //   the queue is empty); else, if no timer runs, start one: this.#schedule(send all, maxWaitMs).
    // TODO 4: sending a batch = ONE `this.model.embed(texts)` call; resolve caller i with
    //   embeddings[i]. If it fails with a ProviderError of kind 'invalid_request' and the batch
    //   has more than one text, split it in halves and send each half the same way, so only the
    //   culprit fails; any other error rejects every caller of that batch.
    void this.#schedule;
    throw new Error(`TODO: EmbeddingBatcher.embed — queue "${text}" for the next batch`);
  }

  /** Send everything queued now and wait until every call in flight has settled. */
  async flush(): Promise<void> {
    // TODO: cancel the timer, send the whole queue (in batches of at most maxBatchSize) and
    //   await every call in flight.
    throw new Error('TODO: EmbeddingBatcher.flush');
  }

  /** Counters so far; `requested - apiCalls` is the number of calls saved. */
  stats(): BatcherStats {
    // TODO: requested = embed() calls, apiCalls = model.embed() calls (splits included),
    //   failed = callers that got an error.
    throw new Error('TODO: EmbeddingBatcher.stats');
  }
}
