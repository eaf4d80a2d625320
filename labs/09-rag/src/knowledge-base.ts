/**
 * The knowledge base: chunks in a vector store (any `VectorStore`: memory by default, Qdrant
 * when configured) and in a BM25 index, searched together with reciprocal rank fusion.
 */
import type { EmbeddingModel } from '@workshop/llm';
import type { SearchHit, VectorStore } from '@workshop/vector';
import { Bm25Index } from './bm25.ts';
// TODO: you will need `keywordText` from './bm25.ts', `chunkDocuments` from './chunk.ts' and
//       `reciprocalRankFusion` from './fusion.ts'.
import {
  type Chunk,
  type ChunkingOptions,
  DEFAULT_CHUNKING,
  type RetrievedChunk,
  type SourceDocument,
} from './types.ts';

/** How to build a knowledge base. */
export interface KnowledgeBaseOptions {
  /** Where vectors live. */
  store: VectorStore;
  /** Embeds chunks and questions; its `modelId` and `version` go into the collection name. */
  embedder: EmbeddingModel;
  /** Collection name. Default: `rag-<modelId>-<dimensions>` so two embedding spaces never mix. */
  collection?: string;
  /** Chunk sizes. Default `DEFAULT_CHUNKING`. */
  chunking?: ChunkingOptions;
  /** Candidates each retriever contributes before fusion. Default 20. */
  candidates?: number;
}

/** What one `index()` call did. */
export interface IndexReport {
  /** Chunks of the documents given. */
  chunks: number;
  /** Chunks embedded and written (new or changed). */
  embedded: number;
  /** Chunks already stored under the same id: not embedded again. */
  unchanged: number;
  /** Stale chunks (of the same sources, no longer produced) removed. */
  deleted: number;
}

/** One hybrid search. */
export interface SearchOptions {
  /** Chunks to return at most. Default 5. */
  topK?: number;
  /** Drop chunks whose cosine similarity to the question is below this. Default 0 (keep all). */
  minSimilarity?: number;
}

/** Chunks indexed for hybrid search. */
export interface KnowledgeBase {
  /** The vector collection in use. */
  readonly collection: string;
  /** Index documents idempotently: same content → same ids → nothing re-embedded, nothing duplicated. */
  index(docs: readonly SourceDocument[]): Promise<IndexReport>;
  /** Hybrid search: vector + BM25, fused by RRF, filtered by `minSimilarity`, best first. */
  search(query: string, options?: SearchOptions): Promise<RetrievedChunk[]>;
  /** Every indexed chunk, in index order. */
  chunks(): Chunk[];
}

/** Build an empty knowledge base; call `index()` to fill it. */
export function createKnowledgeBase(options: KnowledgeBaseOptions): KnowledgeBase {
  return new HybridKnowledgeBase(options);
}

/** A collection name from the model, safe for Qdrant (letters, digits, `-`, `_`). */
export function defaultCollectionName(embedder: EmbeddingModel): string {
  return `rag-${embedder.modelId}-${embedder.dimensions}`.replace(/[^\w-]+/g, '_');
}

// biome-ignore lint/correctness/noUnusedVariables: used once you complete the TODOs below
const GET_BATCH = 256;

class HybridKnowledgeBase implements KnowledgeBase {
  readonly collection: string;
  private readonly store: VectorStore;
  private readonly embedder: EmbeddingModel;
  private readonly chunking: ChunkingOptions;
  private readonly candidates: number;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: used once you complete the TODOs below
  private readonly bm25 = new Bm25Index();
  private readonly byId = new Map<string, Chunk>();
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: used once you complete the TODOs below
  private readonly idsBySource = new Map<string, Set<string>>();
  private ready = false;

  constructor(options: KnowledgeBaseOptions) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.collection = options.collection ?? defaultCollectionName(options.embedder);
    this.chunking = options.chunking ?? DEFAULT_CHUNKING;
    this.candidates = options.candidates ?? 20;
  }

  chunks(): Chunk[] {
    return [...this.byId.values()];
  }

  async index(docs: readonly SourceDocument[]): Promise<IndexReport> {
    await this.ensureCollection();
    // TODO 1: chunk the documents (chunkDocuments with this.chunking).
    // TODO 2: stale ids: for each source in `docs`, the ids in this.idsBySource that the new chunks no
    //         longer produce. Delete them from the store, from this.bm25 and from this.byId.
    // TODO 3: ask the store which new ids it already holds (this.store.get, in batches of GET_BATCH):
    //         those chunks are unchanged and must NOT be embedded again (this also works for a fresh
    //         process on a persistent Qdrant).
    // TODO 4: embed the others with this.embedder (keywordText(chunk); at most embedder.maxBatchSize per
    //         call) and upsert them by chunk id, with payload { source, headingPath, text, embeddingModel,
    //         embeddingVersion }.
    // TODO 5: this.bm25.upsert(chunks); record every chunk in this.byId and this.idsBySource.
    //         Return { chunks, embedded, unchanged, deleted }.
    throw new Error(`TODO: index ${docs.length} documents idempotently`);
  }

  async search(query: string, options: SearchOptions = {}): Promise<RetrievedChunk[]> {
    const topK = options.topK ?? 5;
    const minSimilarity = options.minSimilarity ?? 0;
    if (!query.trim()) throw new Error('search: the query is empty');
    if (!(Number.isInteger(topK) && topK > 0)) throw new Error(`search: topK must be a positive integer, got ${topK}`);
    await this.ensureCollection();
    // TODO 1: embed the query; vector hits = this.store.search(this.collection, { vector, topK: this.candidates }),
    //         keeping only ids this knowledge base knows (this.byId): a persistent store may hold older points.
    // TODO 2: keyword hits = this.bm25.search(query, this.candidates).
    // TODO 3: fuse the two id lists with reciprocalRankFusion([vectorIds, keywordIds]).
    // TODO 4: the similarity of every fused id: `await this.similarities(vector, vectorHits, fusedIds)`.
    // TODO 5: walk the fused list best first, skip ids whose similarity < minSimilarity, and return at most
    //         topK RetrievedChunk: { chunk, rank (from 1, after filtering), fusedScore, similarity,
    //         ranks: { vector: ranks[0], bm25: ranks[1] } }.
    throw new Error(`TODO: hybrid search for "${query}" (topK ${topK}, minSimilarity ${minSimilarity})`);
  }

  /**
   * Cosine similarity of every fused candidate. Vector hits carry it; BM25-only hits are read
   * back from the store, so one threshold applies to every candidate whichever retriever found it.
   */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: used once you complete the TODOs below
  private async similarities(query: number[], vectorHits: SearchHit[], ids: string[]): Promise<Map<string, number>> {
    const result = new Map(vectorHits.map((h) => [String(h.id), h.score]));
    const missing = ids.filter((id) => !result.has(id));
    if (missing.length > 0) {
      for (const point of await this.store.get(this.collection, missing)) {
        result.set(String(point.id), cosine(query, point.vector));
      }
    }
    return result;
  }

  private async ensureCollection(): Promise<void> {
    if (this.ready) return;
    await this.store.createCollection({
      name: this.collection,
      dimensions: this.embedder.dimensions,
      distance: 'cosine',
    });
    this.ready = true;
  }
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
