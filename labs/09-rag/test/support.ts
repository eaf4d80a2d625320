/**
 * Shared by the DoD tests: the handbook, the test split, and knowledge bases built once per file
 * (lazily, so a starter's TODO fails each test with its own message instead of the whole file).
 */
import { loadHandbook } from '@lab/corpus.ts';
import { createKnowledgeBase, type KnowledgeBaseOptions } from '@lab/knowledge-base.ts';
import { labEmbedder } from '@lab/offline-stack.ts';
import type { RetrievedChunk } from '@lab/types.ts';
import { createMemoryVectorStore } from '@workshop/vector';
import { flushMemos, memoizedEmbedder } from '../eval/memo.ts';
import { type AttackRow, attackSplit, type QuestionRow, questionSplit } from '../eval/rows.ts';

export const handbook = loadHandbook();

/** The questions the DoD judges on. */
export const testQuestions = (): QuestionRow[] => questionSplit('test', import.meta.dirname);
/** The planted attacks the DoD judges on. */
export const testAttacks = (): AttackRow[] => attackSplit('test', import.meta.dirname);

/**
 * Runs `make` on first use and hands every later caller the same promise (result or error). What
 * the models computed meanwhile is written to the memo, for the next re-check (a fresh worker).
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= make().finally(flushMemos);
    return result;
  };
}

/** The lab's offline embedding model, each distinct text embedded once (see `eval/memo.ts`). */
const embedder = memoizedEmbedder(labEmbedder());

/** A knowledge base over the handbook on the lab's offline embedding model and a fresh memory store. */
export async function indexedHandbook(options: Partial<KnowledgeBaseOptions> = {}) {
  const knowledgeBase = createKnowledgeBase({ store: createMemoryVectorStore(), embedder, ...options });
  const report = await knowledgeBase.index(handbook);
  return { knowledgeBase, report };
}

/** The ids of the first misses, for a failure message. */
export const firstIds = (items: readonly { id: string }[], n = 8) =>
  items.length === 0
    ? 'none'
    : items
        .slice(0, n)
        .map((item) => item.id)
        .join(', ') + (items.length > n ? ', …' : '');

/**
 * The handbook indexed with your chunking and screen, once per test worker: DoD-2 to DoD-5 search
 * the same index (DoD-2 ranks it with BM25 alone through `search(q, { fuse })`).
 */
export const yourKnowledgeBase = once(async () => (await indexedHandbook()).knowledgeBase);

const top5 = new Map<string, Promise<RetrievedChunk[]>>();
/** The five candidates your knowledge base and fusion retrieve for `question` (searched once per worker). */
export function yourTop5(question: string): Promise<RetrievedChunk[]> {
  let hits = top5.get(question);
  if (!hits) {
    hits = yourKnowledgeBase().then((kb) => kb.search(question, { topK: 5 }));
    top5.set(question, hits);
  }
  return hits;
}

/** The top-5 chunks of a search, for the retrieval KPIs. */
export const chunksOf = (hits: readonly RetrievedChunk[]) => hits.map((hit) => hit.chunk);
