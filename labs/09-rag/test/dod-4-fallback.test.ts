import { loadHandbook } from '@lab/corpus.ts';
import { DEFAULT_ESCALATION } from '@lab/fallback.ts';
import { createRag, DEFAULT_MIN_SIMILARITY } from '@lab/rag.ts';
import { describe, expect, it } from 'vitest';
import { offlineKnowledgeBase, once, recordingChat } from './support.ts';

const handbook = loadHandbook();

// The tests only search the handbook: it is indexed once for the file.
const indexedHandbook = once(async () => {
  const knowledgeBase = offlineKnowledgeBase();
  await knowledgeBase.index(handbook);
  return knowledgeBase;
});

async function setup() {
  const knowledgeBase = await indexedHandbook();
  const chat = recordingChat();
  return { knowledgeBase, chat, rag: createRag({ knowledgeBase, chat }) };
}

describe('DoD-4 score threshold: only chunks above it count as found', () => {
  it('drops every hit below minSimilarity', async () => {
    const { knowledgeBase } = await setup();
    const question = 'How many days of annual leave do I get?';
    const all = await knowledgeBase.search(question, { topK: 10, minSimilarity: 0 });
    const kept = await knowledgeBase.search(question, { topK: 10, minSimilarity: 0.5 });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    for (const hit of kept) expect(hit.similarity).toBeGreaterThanOrEqual(0.5);
    expect(kept.map((h) => h.chunk.id)).toEqual(all.filter((h) => h.similarity >= 0.5).map((h) => h.chunk.id));
    expect(await knowledgeBase.search(question, { topK: 10, minSimilarity: 0.99 })).toEqual([]);
  });
});

describe('DoD-4 fallback: nothing above the threshold → "I don\'t know" and escalation, never an invented answer', () => {
  it.each(['What is the boiling point of tungsten?', 'Who won the football world cup in 2014?'])(
    '%s → fallback without calling the model',
    async (question) => {
      const { rag, chat } = await setup();
      const answer = await rag.ask(question);
      expect(answer.status).toBe('no_result');
      expect(answer.text).toMatch(/don't know/i);
      expect(answer.text).toContain(DEFAULT_ESCALATION.contact);
      expect(answer.escalation).toEqual(DEFAULT_ESCALATION);
      expect(answer.citations).toEqual([]);
      expect(answer.retrieved).toEqual([]);
      expect(chat.requests).toHaveLength(0);
    },
  );

  it('answers (one model call) when something is above the threshold', async () => {
    const { rag, chat } = await setup();
    const answer = await rag.ask('How many days after delivery can a customer return an item for a full refund?');
    expect(answer.status).toBe('answered');
    expect(answer.escalation).toBeUndefined();
    expect(answer.retrieved.length).toBeGreaterThan(0);
    for (const hit of answer.retrieved) expect(hit.similarity).toBeGreaterThanOrEqual(DEFAULT_MIN_SIMILARITY);
    expect(chat.requests).toHaveLength(1);
  });

  it('uses the configured threshold and escalation', async () => {
    const { knowledgeBase, chat } = await setup();
    const escalation = { team: 'Service desk', contact: 'https://desk.example/new' };
    const rag = createRag({ knowledgeBase, chat, minSimilarity: 0.99, escalation });
    const answer = await rag.ask('How many days after delivery can a customer return an item for a full refund?');
    expect(answer.status).toBe('no_result');
    expect(answer.text).toContain('https://desk.example/new');
    expect(answer.escalation).toEqual(escalation);
    expect(chat.requests).toHaveLength(0);
  });
});
