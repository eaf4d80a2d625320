/**
 * The knowledge base: chunks in a vector store (any `VectorStore`: memory by default, Qdrant
 * when configured) and in a BM25 index, searched together and fused (`fuse`, DoD-3).
 * Given code: the same file in the starter and the solution.
 */
import type { EmbeddingModel } from '@workshop/llm';
import type { SearchHit, VectorStore } from '@workshop/vector';
import { Bm25Index, keywordText } from './bm25.ts';
import { chunkAndScreen, type InstructionScreen, type ScreenFinding } from './chunk.ts';
import { chunkingChoice } from './chunking.ts';
import { type Fused, type Rankings, fuse as yourFusion } from './fusion.ts';
import { isInstruction } from './injection.ts';
import type { Chunk, ChunkingOptions, RetrievedChunk, SourceDocument } from './types.ts';

/** How to build a knowledge base. */
export interface KnowledgeBaseOptions {
  /** Where vectors live. */
  store: VectorStore;
  /** Embeds chunks and questions; its `modelId` and `version` go into the collection name. */
  embedder: EmbeddingModel;
  /** Collection name. Default: `rag-<modelId>-<dimensions>` so two embedding spaces never mix. */
  collection?: string;
  /** Chunk sizes. Default: your `chunkingChoice()` (DoD-2). */
  chunking?: ChunkingOptions;
  /** What is screened out before indexing. Default: your `isInstruction` (DoD-1). */
  screen?: InstructionScreen;
  /** How the two rankings become one. Default: your `fuse` (DoD-3). */
  fuse?: (rankings: Rankings) => Fused[];
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
  /** Units screened out of the documents because they address an AI: fix them at the source. */
  screenedOut: ScreenFinding[];
}

/** One hybrid search. */
export interface SearchOptions {
  /** Chunks to return at most. Default 5. */
  topK?: number;
  /** Drop chunks whose cosine similarity to the question is below this. Default: keep all. */
  minSimilarity?: number;
  /** How the two rankings become one for this search. Default: the knowledge base's. */
  fuse?: (rankings: Rankings) => Fused[];
}

/** Chunks indexed for hybrid search. */
export interface KnowledgeBase {
  /** The vector collection in use. */
  readonly collection: string;
  /** Index documents idempotently: same content → same ids → nothing re-embedded, nothing duplicated. */
  index(docs: readonly SourceDocument[]): Promise<IndexReport>;
  /** Hybrid search: vector + BM25, fused, filtered by `minSimilarity`, best first. */
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

const GET_BATCH = 256;
/** Stored vectors kept for the similarity of BM25-only candidates. */
const VECTOR_CACHE_MAX = 4_096;

class HybridKnowledgeBase implements KnowledgeBase {
  readonly collection: string;
  private readonly store: VectorStore;
  private readonly embedder: EmbeddingModel;
  private readonly chunking: ChunkingOptions | undefined;
  private readonly screen: InstructionScreen;
  private readonly fuse: (rankings: Rankings) => Fused[];
  private readonly candidates: number;
  private readonly bm25 = new Bm25Index();
  private readonly byId = new Map<string, Chunk>();
  private readonly idsBySource = new Map<string, Set<string>>();
  /**
   * Stored vectors read back for BM25-only candidates, by id: the same popular chunks come back
   * on most questions, and reading a point costs more than the cosine. Ids derive from content and
   * the collection from the model, so a stored vector never changes under its id; bounded, least
   * recently used out first.
   */
  private readonly vectors = new Map<string, readonly number[]>();
  private ready = false;

  constructor(options: KnowledgeBaseOptions) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.collection = options.collection ?? defaultCollectionName(options.embedder);
    this.chunking = options.chunking;
    this.screen = options.screen ?? isInstruction;
    this.fuse = options.fuse ?? yourFusion;
    this.candidates = options.candidates ?? 20;
    if (!(Number.isInteger(this.candidates) && this.candidates > 0 && this.candidates <= 1000)) {
      throw new Error(`createKnowledgeBase: candidates must be an integer from 1 to 1000, got ${this.candidates}`);
    }
  }

  chunks(): Chunk[] {
    return [...this.byId.values()];
  }

  async index(docs: readonly SourceDocument[]): Promise<IndexReport> {
    await this.ensureCollection();
    const chunking = this.chunking ?? chunkingChoice();
    const screenedOut: ScreenFinding[] = [];
    const chunks = docs.flatMap((doc) => {
      const cut = chunkAndScreen(doc, chunking, this.screen);
      screenedOut.push(...cut.screenedOut);
      return cut.chunks;
    });
    const fresh = new Set(chunks.map((c) => c.id));

    // Stale: ids this knowledge base wrote for these sources that the new content no longer produces.
    const stale: string[] = [];
    for (const source of new Set(docs.map((d) => d.source))) {
      for (const id of this.idsBySource.get(source) ?? []) if (!fresh.has(id)) stale.push(id);
      this.idsBySource.set(source, new Set());
    }
    if (stale.length > 0) await this.store.delete(this.collection, stale);
    this.bm25.remove(stale);
    for (const id of stale) {
      this.byId.delete(id);
      this.vectors.delete(id);
    }

    // Unchanged: already in the store under the same content-derived id (also across processes).
    const stored = new Set<string>();
    for (let i = 0; i < chunks.length; i += GET_BATCH) {
      const ids = chunks.slice(i, i + GET_BATCH).map((c) => c.id);
      for (const point of await this.store.get(this.collection, ids)) stored.add(String(point.id));
    }
    const toEmbed = chunks.filter((c) => !stored.has(c.id));
    for (let i = 0; i < toEmbed.length; i += this.embedder.maxBatchSize) {
      const batch = toEmbed.slice(i, i + this.embedder.maxBatchSize);
      const { embeddings } = await this.embedder.embed(batch.map(keywordText));
      await this.store.upsert(
        this.collection,
        batch.map((chunk, j) => ({
          id: chunk.id,
          vector: embeddings[j] as number[],
          payload: {
            source: chunk.source,
            headingPath: chunk.headingPath,
            text: chunk.text,
            embeddingModel: this.embedder.modelId,
            embeddingVersion: this.embedder.version,
          },
        })),
      );
    }

    this.bm25.upsert(chunks);
    for (const chunk of chunks) {
      this.byId.set(chunk.id, chunk);
      this.idsBySource.get(chunk.source)?.add(chunk.id);
    }
    return {
      chunks: chunks.length,
      embedded: toEmbed.length,
      unchanged: chunks.length - toEmbed.length,
      deleted: stale.length,
      screenedOut,
    };
  }

  async search(query: string, options: SearchOptions = {}): Promise<RetrievedChunk[]> {
    const topK = options.topK ?? 5;
    const minSimilarity = options.minSimilarity ?? Number.NEGATIVE_INFINITY;
    if (!query.trim()) throw new Error('search: the query is empty');
    if (!(Number.isInteger(topK) && topK > 0 && topK <= this.candidates * 2)) {
      throw new Error(`search: topK must be an integer from 1 to ${this.candidates * 2}, got ${topK}`);
    }
    await this.ensureCollection();

    const [queryVector] = (await this.embedder.embed([query])).embeddings;
    if (!queryVector) throw new Error('search: the embedding model returned no vector for the query');
    // Only chunks of the current index count: a persistent store may hold points of older runs.
    const vectorHits = (
      await this.store.search(this.collection, { vector: queryVector, topK: this.candidates })
    ).filter((hit) => this.byId.has(String(hit.id)));
    const keywordHits = this.bm25.search(query, this.candidates);
    const keywordScores = new Map(keywordHits.map((h) => [h.id, h.score]));
    const rankings: Rankings = { vector: vectorHits.map((h) => String(h.id)), bm25: keywordHits.map((h) => h.id) };
    const fused = checkFusion((options.fuse ?? this.fuse)(rankings), rankings);

    const similarity = await this.similarities(
      queryVector,
      vectorHits,
      fused.map((f) => f.id),
    );
    const results: RetrievedChunk[] = [];
    for (const item of fused) {
      const chunk = this.byId.get(item.id);
      const score = similarity.get(item.id) ?? 0;
      if (!chunk || score < minSimilarity) continue;
      results.push({
        chunk,
        rank: results.length + 1,
        fusedScore: item.score,
        similarity: score,
        keywordScore: keywordScores.get(item.id),
        ranks: { vector: rankOf(rankings.vector, item.id), bm25: rankOf(rankings.bm25, item.id) },
      });
      if (results.length === topK) break;
    }
    return results;
  }

  /**
   * Cosine similarity of every fused candidate. Vector hits carry it; BM25-only hits are read
   * back from the store, so one threshold applies to every candidate whichever retriever found it.
   */
  private async similarities(query: number[], vectorHits: SearchHit[], ids: string[]): Promise<Map<string, number>> {
    const result = new Map(vectorHits.map((h) => [String(h.id), h.score]));
    const missing: string[] = [];
    for (const id of ids) {
      if (result.has(id)) continue;
      const vector = this.vectors.get(id);
      if (vector) {
        this.vectors.delete(id); // re-inserted: most recently used last
        this.vectors.set(id, vector);
        result.set(id, cosine(query, vector));
      } else missing.push(id);
    }
    if (missing.length > 0) {
      for (const point of await this.store.get(this.collection, missing)) {
        const id = String(point.id);
        result.set(id, cosine(query, point.vector));
        if (this.vectors.size >= VECTOR_CACHE_MAX) this.vectors.delete(this.vectors.keys().next().value as string);
        this.vectors.set(id, point.vector);
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

/**
 * The fusion's output, best first: known ids only, each once, finite scores. Sorted here (score,
 * then id) so a fusion only has to score; a broken one is named instead of silently mis-ranking.
 */
function checkFusion(fused: Fused[], rankings: Rankings): Fused[] {
  if (!Array.isArray(fused)) throw new Error('fuse() must return an array of { id, score }');
  const known = new Set([...rankings.vector, ...rankings.bm25]);
  const seen = new Set<string>();
  for (const item of fused) {
    if (!known.has(item?.id)) throw new Error(`fuse() returned id ${String(item?.id)}, which neither retriever found`);
    if (seen.has(item.id)) throw new Error(`fuse() returned id ${item.id} twice`);
    if (!Number.isFinite(item.score)) throw new Error(`fuse() gave ${item.id} the score ${item.score}`);
    seen.add(item.id);
  }
  return [...fused].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function rankOf(list: readonly string[], id: string): number | undefined {
  const index = list.indexOf(id);
  return index < 0 ? undefined : index + 1;
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
