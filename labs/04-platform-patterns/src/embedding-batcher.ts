/**
 * Coalesce concurrent single-text embedding requests into one API call. Callers keep the
 * simple `embed(text)` interface; the batcher waits at most `maxWaitMs` for company, sends up
 * to `maxBatchSize` texts at once, and routes each vector back to its caller.
 */
import { countTokens, type EmbeddingModel, isProviderError, ProviderError } from '@workshop/llm';
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

/** A caller waiting for its vector. */
interface Pending {
  text: string;
  resolve: (vector: number[]) => void;
  reject: (error: unknown) => void;
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
  #queue: Pending[] = [];
  #cancelTimer: (() => void) | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #requested = 0;
  #apiCalls = 0;
  #failed = 0;

  constructor(options: EmbeddingBatcherOptions) {
    const { model } = options;
    const maxBatchSize = Math.min(options.maxBatchSize ?? model.maxBatchSize, model.maxBatchSize);
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`EmbeddingBatcher: maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    }
    const maxWaitMs = options.maxWaitMs ?? 5;
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      throw new RangeError(`EmbeddingBatcher: maxWaitMs must be a non-negative number, got ${maxWaitMs}`);
    }
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMs = maxWaitMs;
    this.maxInputTokens = options.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS;
    this.#schedule = options.schedule ?? timerScheduler;
  }

  /**
   * The embedding of `text`, computed in a batch with whatever other texts arrive within
   * `maxWaitMs`. An invalid text (empty, too long) rejects only its own caller, at once.
   */
  embed(text: string): Promise<number[]> {
    this.#requested += 1;
    const invalid = this.#validate(text);
    if (invalid) {
      this.#failed += 1;
      return Promise.reject(invalid);
    }
    return new Promise<number[]>((resolve, reject) => {
      this.#queue.push({ text, resolve, reject });
      if (this.#queue.length >= this.maxBatchSize) this.#sendFull();
      else if (!this.#cancelTimer) this.#cancelTimer = this.#schedule(() => this.#sendNow(), this.maxWaitMs);
    });
  }

  /** Send everything queued now and wait until every call in flight has settled. */
  async flush(): Promise<void> {
    this.#sendNow();
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Counters so far; `requested - apiCalls` is the number of calls saved. */
  stats(): BatcherStats {
    return { requested: this.#requested, apiCalls: this.#apiCalls, failed: this.#failed };
  }

  #validate(text: string): ProviderError | undefined {
    const provider = this.model.provider;
    if (text.trim().length === 0) {
      return new ProviderError('invalid_request', provider, 'cannot embed an empty text');
    }
    const tokens = countTokens(text, this.model.modelId);
    if (tokens > this.maxInputTokens) {
      return new ProviderError(
        'invalid_request',
        provider,
        `text is ${tokens} tokens, over the ${this.maxInputTokens}-token input limit of ${this.model.modelId}`,
      );
    }
    return undefined;
  }

  /** Send full batches while the queue holds one; the remainder keeps waiting for its timer. */
  #sendFull(): void {
    while (this.#queue.length >= this.maxBatchSize) this.#send(this.#queue.splice(0, this.maxBatchSize));
    if (this.#queue.length === 0) this.#stopTimer();
  }

  /** Send the whole queue (the max wait is over). */
  #sendNow(): void {
    this.#stopTimer();
    while (this.#queue.length > 0) this.#send(this.#queue.splice(0, this.maxBatchSize));
  }

  #stopTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  #send(batch: Pending[]): void {
    const call = this.#run(batch).finally(() => this.#inFlight.delete(call));
    this.#inFlight.add(call);
  }

  /**
   * One API call for `batch`. If the provider rejects the request as invalid, one bad text
   * may be to blame: split the batch in halves and retry each, so only the culprit fails.
   * Other errors (rate limit, outage) concern every text alike and reject the whole batch.
   */
  async #run(batch: Pending[]): Promise<void> {
    this.#apiCalls += 1;
    try {
      const { embeddings } = await this.model.embed(batch.map((item) => item.text));
      if (embeddings.length !== batch.length) {
        throw new ProviderError(
          'bad_response',
          this.model.provider,
          `expected ${batch.length} embeddings, got ${embeddings.length}`,
        );
      }
      batch.forEach((item, index) => {
        item.resolve(embeddings[index] as number[]);
      });
    } catch (error) {
      if (batch.length > 1 && isProviderError(error) && error.kind === 'invalid_request') {
        const middle = Math.ceil(batch.length / 2);
        await Promise.all([this.#run(batch.slice(0, middle)), this.#run(batch.slice(middle))]);
        return;
      }
      this.#failed += batch.length;
      for (const item of batch) item.reject(error);
    }
  }
}
