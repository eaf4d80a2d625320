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

/** A stored question, its vector and its answer. */
interface Entry {
  question: string;
  vector: number[];
  answer: string;
  scope: string;
  expiresAt: number;
}

/** An in-memory semantic cache. Exact scan: fine for thousands of entries (see README for more). */
export class SemanticCache {
  /** The embedding model; its `version` is the space every stored vector lives in. */
  readonly embedder: EmbeddingModel;
  /** Minimum similarity for a hit. */
  readonly threshold: number;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: Clock;
  readonly #entries: Entry[] = [];
  #hits = 0;
  #misses = 0;

  constructor(options: SemanticCacheOptions = {}) {
    const threshold = options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new RangeError(`SemanticCache: threshold must be in (0, 1], got ${threshold}`);
    }
    const maxEntries = options.maxEntries ?? 1000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`SemanticCache: maxEntries must be a positive integer, got ${maxEntries}`);
    }
    const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    if (!(ttlMs > 0)) throw new RangeError(`SemanticCache: ttlMs must be a positive number, got ${ttlMs}`);
    this.embedder = options.embedder ?? new OfflineEmbeddingModel();
    this.threshold = threshold;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? systemClock;
  }

  /** The stored answer of the most similar fresh question in the same scope, if it clears the threshold. */
  async lookup(question: string, options: SemanticScope = {}): Promise<SemanticHit | undefined> {
    const vector = await this.#embed(question);
    const scope = options.scope ?? '';
    const now = this.#now();
    let best: SemanticHit | undefined;
    for (const entry of this.#entries) {
      if (entry.scope !== scope || entry.expiresAt <= now) continue;
      const similarity = cosineSimilarity(vector, entry.vector);
      // The best match, not the first over the threshold: with two close entries the first
      // one found may be the near-miss.
      if (similarity >= this.threshold && (!best || similarity > best.similarity)) {
        best = { answer: entry.answer, question: entry.question, similarity };
      }
    }
    if (best) this.#hits += 1;
    else this.#misses += 1;
    return best;
  }

  /** Store the answer to `question`. */
  async store(question: string, answer: string, options: SemanticScope = {}): Promise<void> {
    const vector = await this.#embed(question);
    this.#entries.push({ question, vector, answer, scope: options.scope ?? '', expiresAt: this.#now() + this.#ttlMs });
    if (this.#entries.length > this.#maxEntries) this.#entries.splice(0, this.#entries.length - this.#maxEntries);
  }

  /** Counters and the hit rate so far. */
  stats(): SemanticCacheStats {
    const lookups = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      hitRate: lookups === 0 ? 0 : this.#hits / lookups,
      size: this.#entries.length,
    };
  }

  async #embed(text: string): Promise<number[]> {
    if (text.trim().length === 0) throw new Error('SemanticCache: the question is empty');
    const { embeddings } = await this.embedder.embed([text]);
    const vector = embeddings[0];
    if (!vector) throw new Error(`SemanticCache: ${this.embedder.modelId} returned no embedding`);
    return vector;
  }
}

/** Cosine similarity of two vectors of equal length; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
