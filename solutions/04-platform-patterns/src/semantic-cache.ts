/**
 * Semantic cache: answer a question with the stored answer of an earlier question whose
 * embedding is close, when a hit policy agrees. The policy is where the judgement lives:
 * "cancel my order" and "cancel my subscription" are close in any embedding space, so
 * closeness alone serves wrong answers. Given code; the policy (`hit-policy.ts`) is yours.
 */
import { cosineSimilarity } from '@workshop/kit';
import { type EmbeddingModel, GloveEmbeddingModel } from '@workshop/llm';
import { type Clock, systemClock } from './clock.ts';

/** What a hit policy is asked: may the answer stored for `stored` be served for `asked`? */
export interface HitCandidate {
  /** The question being asked now. */
  asked: string;
  /** A stored question of the same scope, still fresh. */
  stored: string;
  /** Cosine similarity of their embeddings, in [-1, 1]. */
  similarity: number;
}

/** Decides whether a candidate is the same question. Pure and synchronous: it runs per entry. */
export type HitPolicy = (candidate: HitCandidate) => boolean;

/** Settings of a `SemanticCache`. */
export interface SemanticCacheOptions {
  /** Decides which candidates are hits. */
  accept: HitPolicy;
  /** Embeds questions. Default: the offline GloVe model from `@workshop/llm` (what the policy was calibrated on). */
  embedder?: EmbeddingModel;
  /** How long an answer stays fresh, in ms. Default: no expiry. */
  ttlMs?: number;
  /** Most entries kept; the oldest goes first. Default 1000. */
  maxEntries?: number;
  /** Longest question accepted, in characters. Default 2000. */
  maxQuestionChars?: number;
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
  /** Lookups that found nothing the policy accepted. */
  misses: number;
  /** `hits / (hits + misses)`; 0 before the first lookup. */
  hitRate: number;
  /** Entries held now. */
  size: number;
}

interface Entry {
  question: string;
  vector: number[];
  answer: string;
  scope: string;
  expiresAt: number;
}

/** An in-memory semantic cache. Exact scan: fine for thousands of entries (see the solution README for more). */
export class SemanticCache {
  /** The embedding model; its `version` is the space every stored vector lives in. */
  readonly embedder: EmbeddingModel;
  readonly #accept: HitPolicy;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxQuestionChars: number;
  readonly #now: Clock;
  readonly #entries: Entry[] = [];
  #hits = 0;
  #misses = 0;

  constructor(options: SemanticCacheOptions) {
    const maxEntries = options.maxEntries ?? 1000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`SemanticCache: maxEntries must be a positive integer, got ${maxEntries}`);
    }
    const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    if (!(ttlMs > 0)) throw new RangeError(`SemanticCache: ttlMs must be a positive number, got ${ttlMs}`);
    const maxQuestionChars = options.maxQuestionChars ?? 2000;
    if (!Number.isInteger(maxQuestionChars) || maxQuestionChars < 1) {
      throw new RangeError(`SemanticCache: maxQuestionChars must be a positive integer, got ${maxQuestionChars}`);
    }
    this.#accept = options.accept;
    this.embedder = options.embedder ?? new GloveEmbeddingModel();
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#maxQuestionChars = maxQuestionChars;
    this.#now = options.now ?? systemClock;
  }

  /**
   * The stored answer of the most similar fresh question in the same scope that the policy
   * accepts. Candidates are offered best first: with two close entries, the nearer one decides.
   */
  async lookup(question: string, options: SemanticScope = {}): Promise<SemanticHit | undefined> {
    const vector = await this.#embed(question);
    const scope = options.scope ?? '';
    const now = this.#now();
    const candidates = this.#entries
      .filter((entry) => entry.scope === scope && entry.expiresAt > now)
      .map((entry) => ({ entry, similarity: cosineSimilarity(vector, entry.vector) }))
      .sort((a, b) => b.similarity - a.similarity);
    for (const { entry, similarity } of candidates) {
      if (this.#accept({ asked: question, stored: entry.question, similarity })) {
        this.#hits += 1;
        return { answer: entry.answer, question: entry.question, similarity };
      }
    }
    this.#misses += 1;
    return undefined;
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
    if (text.length > this.#maxQuestionChars) {
      throw new Error(`SemanticCache: the question has ${text.length} characters, over ${this.#maxQuestionChars}`);
    }
    const { embeddings } = await this.embedder.embed([text]);
    const vector = embeddings[0];
    if (!vector) throw new Error(`SemanticCache: ${this.embedder.modelId} returned no embedding`);
    return vector;
  }
}
