/**
 * Test helpers (not a test file). Embeddings come from the real `openai` client behind
 * `OpenAIEmbeddingModel`, talking to testkit's emulated OpenAI API (which answers with the
 * offline hashing vectors), or from `OfflineEmbeddingModel`; Qdrant is the real
 * `@qdrant/js-client-rest` client against testkit's emulated Qdrant.
 */
import type { Doc } from '@lab/types.ts';
import { type EmbeddingModel, type EmbeddingResult, OfflineEmbeddingModel, OpenAIEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore, createQdrantVectorStore, type VectorStore } from '@workshop/vector';

/** `text-embedding-3-small` shortened to `dimensions` on the emulated OpenAI API. */
export function emulatedEmbeddings(dimensions = 384): OpenAIEmbeddingModel {
  return new OpenAIEmbeddingModel({ apiKey: 'sk-test-not-a-real-key', model: 'text-embedding-3-small', dimensions });
}

/** The offline hashing model (no network at all). */
export function offlineEmbeddings(dimensions = 384): OfflineEmbeddingModel {
  return new OfflineEmbeddingModel({ dimensions });
}

/** Both stores behind the same interface; `qdrant` needs `useMockNetwork()` in the test file. */
export const STORES: { name: string; create: (qdrantURL: () => string) => VectorStore }[] = [
  { name: 'memory store', create: () => createMemoryVectorStore() },
  { name: 'qdrant adapter', create: (url) => createQdrantVectorStore({ url: url() }) },
];

/** A small corpus with known topics and years. */
export const DOCS: Doc[] = [
  {
    id: 'pay-01',
    topic: 'billing',
    title: 'Refunds',
    text: 'Yearly plans are refunded within 14 days.',
    updated: 2025,
  },
  {
    id: 'pay-02',
    topic: 'billing',
    title: 'Invoices',
    text: 'Download PDF invoices from the billing page.',
    updated: 2023,
  },
  {
    id: 'pay-03',
    topic: 'billing',
    title: 'Card declined',
    text: 'A declined card is retried three times.',
    updated: 2024,
  },
  {
    id: 'sec-01',
    topic: 'account',
    title: 'Password reset',
    text: 'Reset your password with the emailed link.',
    updated: 2025,
  },
  {
    id: 'sec-02',
    topic: 'account',
    title: 'Two-factor',
    text: 'Two-factor codes come from an authenticator app.',
    updated: 2022,
  },
  {
    id: 'syn-01',
    topic: 'sync',
    title: 'Offline mode',
    text: 'Notes are available offline and sync later.',
    updated: 2025,
  },
  {
    id: 'syn-02',
    topic: 'sync',
    title: 'Conflicts',
    text: 'Conflicting edits keep both versions of the note.',
    updated: 2024,
  },
];

/** A model that declares `declared` dimensions but returns vectors of `actual` (a misconfigured server). */
export function lyingModel(declared: number, actual: number): EmbeddingModel {
  const inner = new OfflineEmbeddingModel({ dimensions: actual });
  return {
    provider: 'custom',
    modelId: 'misconfigured-embedder',
    version: `custom/misconfigured-embedder/${declared}d`,
    dimensions: declared,
    normalized: true,
    maxBatchSize: 100,
    embed: (texts: string[]): Promise<EmbeddingResult> => inner.embed(texts),
  };
}

/** Input texts of each recorded `/embeddings` request, in order. */
export function embeddingInputs(requests: readonly Record<string, unknown>[]): string[][] {
  return requests.map((body) => body.input as string[]);
}
