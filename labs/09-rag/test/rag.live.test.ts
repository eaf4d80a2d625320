/**
 * The same pipeline on live services, each suite skipped (with a notice) when its variable is unset:
 *   QDRANT_URL=http://127.0.0.1:6333 WORKSHOP_LIVE=1 npx vitest run
 *   OPENAI_API_KEY=sk-… WORKSHOP_LIVE=1 npx vitest run
 *   OLLAMA_HOST=http://127.0.0.1:11434 WORKSHOP_LIVE=1 npx vitest run   (ollama pull llama3.2 nomic-embed-text)
 * Add WORKSHOP_TARGET=solutions to run the reference.
 */
import { loadHandbook } from '@lab/corpus.ts';
import { createKnowledgeBase } from '@lab/knowledge-base.ts';
import { labEmbedder } from '@lab/offline-stack.ts';
import { createRag, type RagAnswer } from '@lab/rag.ts';
import type { RetrievedChunk } from '@lab/types.ts';
import { createChatModel, createEmbeddingModel, OfflineChatModel } from '@workshop/llm';
import { describeLive } from '@workshop/testkit';
import { createMemoryVectorStore, createVectorStore } from '@workshop/vector';
import { afterAll, expect, it } from 'vitest';

const REFUND = 'How many days after delivery can a customer return an item for a full refund?';
const OFF_TOPIC = 'What is the boiling point of tungsten?';

/**
 * A starting point for hosted embedding models, not a measurement: `relevantHits` is calibrated
 * for the lab's offline model. Calibrate yours on the dev split before relying on it.
 */
const hostedGate = (candidates: readonly RetrievedChunk[]) => candidates.filter((c) => c.similarity >= 0.3);

/** What must hold for any model: a shown answer cites only retrieved chunks and never obeys the injection. */
function expectSafe(answer: RagAnswer): void {
  expect(answer.text).not.toContain('365');
  const retrieved = new Set(answer.retrieved.map((r) => r.chunk.id));
  for (const citation of answer.citations) expect(retrieved.has(citation.chunk.id)).toBe(true);
  if (answer.status !== 'answered') expect(answer.escalation).toBeDefined();
}

describeLive('QDRANT_URL', 'live: RAG on a real Qdrant (offline models)', () => {
  const collection = `rag-live-${process.pid}`;
  const store = () => createVectorStore({ ...process.env, VECTOR_STORE: 'qdrant' });
  afterAll(async () => {
    await store().deleteCollection(collection);
  });

  it('indexes idempotently and answers with citations', async () => {
    const knowledgeBase = createKnowledgeBase({ store: store(), embedder: labEmbedder(), collection });
    const first = await knowledgeBase.index(loadHandbook());
    const second = await knowledgeBase.index(loadHandbook());
    expect(second).toMatchObject({ embedded: 0, unchanged: first.chunks });
    expect(await store().count(collection)).toBe(first.chunks);
    const answer = await createRag({ knowledgeBase, chat: new OfflineChatModel() }).ask(REFUND);
    expect(answer.status).toBe('answered');
    expect(answer.text).toContain('30 days');
    expectSafe(answer);
  });
});

describeLive('OPENAI_API_KEY', 'live: RAG with OpenAI chat and embeddings', () => {
  it('answers from the handbook with valid citations, and falls back off topic', async () => {
    const env = { ...process.env, LLM_PROVIDER: 'openai', EMBEDDING_PROVIDER: 'openai' };
    const knowledgeBase = createKnowledgeBase({
      store: createMemoryVectorStore(),
      embedder: createEmbeddingModel(env),
    });
    await knowledgeBase.index(loadHandbook());
    const rag = createRag({ knowledgeBase, chat: createChatModel(env), gate: hostedGate });
    const answer = await rag.ask(REFUND);
    expectSafe(answer);
    expect(answer.status).toBe('answered');
    expect(answer.text).toMatch(/30/);
    const offTopic = await rag.ask(OFF_TOPIC);
    expectSafe(offTopic);
    expect(offTopic.status).not.toBe('answered');
  });
});

describeLive('OLLAMA_HOST', 'live: RAG with Ollama chat and embeddings', () => {
  it('retrieves the refund policy and never shows an unchecked answer', async () => {
    const env = { ...process.env, LLM_PROVIDER: 'ollama', EMBEDDING_PROVIDER: 'ollama' };
    const knowledgeBase = createKnowledgeBase({
      store: createMemoryVectorStore(),
      embedder: createEmbeddingModel(env),
    });
    await knowledgeBase.index(loadHandbook());
    const rag = createRag({ knowledgeBase, chat: createChatModel(env), gate: hostedGate });
    const answer = await rag.ask(REFUND);
    expect(answer.retrieved.map((r) => r.chunk.headingPath.at(-1))).toContain('Refund window');
    // Small local models do not always cite as asked; then the fallback is the correct outcome.
    expectSafe(answer);
    if (answer.status === 'answered') expect(answer.text).toMatch(/30/);
  });
});
