/**
 * Semantic cache: answer a question with the stored answer of an earlier question whose
 * embedding is close enough. Cheap when it hits, and dangerous when it hits the wrong entry:
 * "cancel my order" and "cancel my subscription" are close in any embedding space.
 */
import { type EmbeddingModel, OfflineEmbeddingModel } from '@workshop/llm';
import { type Clock, systemClock } from './clock.ts';

/**
 * Cosine similarity from which a stored question counts as the same question. Calibrated on
 * the offline hashing embedder, where rewordings of one question score ≥ 0.94 and questions
 * that differ in one key word (order/subscription, X100/X200) score 0.83–0.89.
 * Recalibrate on labelled pairs for every other embedding model.
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.92;

/** Settings of a `SemanticCache`. */
export interface SemanticCacheOptions {
  /** Embeds questions. Default: the offline hashing embedder from `@workshop/llm`. */
  embedder?: EmbeddingModel;
  /** Minimum cosine similarity for a hit, in (0, 1]. Default `DEFAULT_SIMILARITY_THRESHOLD`. */
  threshold?: number;
  /** How long an answer stays fresh, in ms. Default: no expiry. */
  ttlMs?: number;
  /** Most entries kept; the oldest goes first. Default 1000. */
  maxEntries?: number;
  /** Clock for expiry; `Date.now` by default. */
  now?: Clock;
}

/** Options of one lookup or store. */
export interface SemanticScope {
  /** Who may share answers (a tenant or user id); entries never match across scopes. */
  scope?: string;
}

/** A cache hit. */
export interface SemanticHit {
  /** The stored answer. */
  answer: string;
  /** The stored question that matched. */
  question: string;
  /** Cosine similarity between the asked and the stored question. */
  similarity: number;
}

/** Counters of a `SemanticCache`. */
export interface SemanticCacheStats {
  /** Lookups that returned an answer. */
  hits: number;
  /** Lookups that found nothing close enough. */
  misses: number;
  /** `hits / (hits + misses)`; 0 before the first lookup. */
  hitRate: number;
  /** Entries held now. */
  size: number;
}

/** An in-memory semantic cache. Exact scan: fine for thousands of entries (see README for more). */
export class SemanticCache {
  /** The embedding model; its `version` is the space every stored vector lives in. */
  readonly embedder: EmbeddingModel;
  /** Minimum similarity for a hit. */
  readonly threshold: number;
  readonly #options: SemanticCacheOptions;
  readonly #now: Clock;

  constructor(options: SemanticCacheOptions = {}) {
    // TODO: reject a threshold outside (0, 1] (and a maxEntries that is not a positive integer,
    //   a ttlMs that is not positive) with a RangeError naming the field.
    this.embedder = options.embedder ?? new OfflineEmbeddingModel();
    this.threshold = options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    this.#options = options;
    this.#now = options.now ?? systemClock;
    // TODO: add the entries (question, vector, answer, scope, expiresAt) and the hit/miss counters.
  }

  /** The stored answer of the most similar fresh question in the same scope, if it clears the threshold. */
  async lookup(question: string, options: SemanticScope = {}): Promise<SemanticHit | undefined> {
    // TODO 1: embed the question with `this.embedder.embed([question])` (an empty question is an error).
    // TODO 2: among the entries of the same scope (default '') that have not expired, find the one
    //   with the HIGHEST cosine similarity — not the first one over the threshold.
    // TODO 3: similarity >= this.threshold → count a hit and return { answer, question, similarity };
    //   otherwise count a miss and return undefined.
    void this.#options;
    void this.#now;
    void options;
    throw new Error(`TODO: SemanticCache.lookup — find the closest stored question to "${question}"`);
  }

  /** Store the answer to `question`. */
  async store(question: string, answer: string, options: SemanticScope = {}): Promise<void> {
    // TODO: embed the question and keep { question, vector, answer, scope, expiresAt: now + ttlMs }
    //   (no ttlMs → never expires); drop the oldest entries beyond maxEntries (default 1000).
    void answer;
    void options;
    throw new Error(`TODO: SemanticCache.store — embed "${question}" and keep its answer`);
  }

  /** Counters and the hit rate so far. */
  stats(): SemanticCacheStats {
    // TODO: hits, misses, hitRate = hits / (hits + misses) (0 before any lookup), size.
    throw new Error('TODO: SemanticCache.stats');
  }
}

/** Cosine similarity of two vectors of equal length; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  // TODO: dot(a, b) / (|a| * |b|); throw a RangeError when the lengths differ.
  void a;
  void b;
  throw new Error('TODO: cosineSimilarity');
}
