/**
 * Shared by the DoD tests: the handbook, the test split, and knowledge bases built once per file
 * (lazily, so a starter's TODO fails each test with its own message instead of the whole file).
 */
import { loadHandbook } from '@lab/corpus.ts';
import { createKnowledgeBase, type KnowledgeBaseOptions } from '@lab/knowledge-base.ts';
import { labEmbedder } from '@lab/offline-stack.ts';
import type { RetrievedChunk } from '@lab/types.ts';
import { createMemoryVectorStore } from '@workshop/vector';
import { memoizedEmbedder } from '../eval/memo.ts';
import { type AttackRow, attackSplit, type QuestionRow, questionSplit } from '../eval/rows.ts';

export const handbook = loadHandbook();

/** The questions the DoD judges on. */
export const testQuestions = (): QuestionRow[] => questionSplit('test', import.meta.dirname);
/** The planted attacks the DoD judges on. */
export const testAttacks = (): AttackRow[] => attackSplit('test', import.meta.dirname);

/** Runs `make` on first use and hands every later caller the same promise (result or error). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= make();
    return result;
  };
}

/** The lab's offline embedding model, each distinct text embedded once per test worker. */
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

/** The top-5 chunks of a search, for the retrieval KPIs. */
export const chunksOf = (hits: readonly RetrievedChunk[]) => hits.map((hit) => hit.chunk);
