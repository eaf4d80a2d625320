import { createRag } from '@lab/rag.ts';
import { relevantHits } from '@lab/threshold.ts';
import { createChatModel } from '@workshop/llm';
import { expectMetric, useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { measureGrounding } from '../eval/measure.ts';
import { TARGETS } from '../eval/targets.ts';
import { UnreliableChatModel } from '../eval/unreliable-model.ts';
import { firstIds, once, testQuestions, yourKnowledgeBase } from './support.ts';

const network = useMockNetwork();

// The whole pipeline (`ask`) with a model that is wrong about half the time, in known ways.
const measured = once(async () => {
  const knowledgeBase = await yourKnowledgeBase();
  const model = new UnreliableChatModel();
  const rag = createRag({ knowledgeBase, chat: model });
  return { knowledgeBase, figures: await measureGrounding(testQuestions(), (q) => rag.ask(q), model) };
});

describe('DoD-5 only answers that the cited chunks support are shown', () => {
  it('shows answers faithful to the retrieved chunks they cite', async () => {
    const { figures } = await measured();
    expectMetric(
      { name: 'groundedness', value: figures.groundedness, target: TARGETS.groundedness, unit: 'ratio' },
      `${figures.shown} answers shown on the test split; unfaithful ones shown: ${firstIds(figures.flawedShownList)}`,
    );
  });

  it('still shows the faithful answers, reworded or not', async () => {
    const { figures } = await measured();
    expectMetric(
      { name: 'faithful answers shown', value: figures.faithfulShown, target: TARGETS.faithfulShown, unit: 'ratio' },
      `${figures.faithfulWritten} faithful answers written; refused: ${firstIds(figures.faithfulRefusedList)}`,
    );
  });

  it('judges a real OpenAI client’s answers (emulated API): a changed figure falls back, a reworded quote is shown', async () => {
    const { knowledgeBase } = await measured();
    const question = 'How many days after delivery can a customer return an item for a full refund?';
    const hits = relevantHits(await knowledgeBase.search(question, { topK: 5 }));
    const marker = hits.findIndex((hit) => hit.chunk.headingPath.at(-1) === 'Refund window') + 1;
    expect(marker, 'the refund window must be found for this test to mean anything').toBeGreaterThan(0);
    network.openai.script(
      { content: `Customers have 45 days after delivery to return most items for a full refund [${marker}].` },
      { content: `According to the handbook, shoppers can return most items within 30 days of delivery [${marker}].` },
    );
    const rag = createRag({
      knowledgeBase,
      chat: createChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' }),
    });

    const wrong = await rag.ask(question);
    expect(wrong.status).toBe('ungrounded');
    expect(wrong.text).not.toContain('45');
    expect(wrong.escalation).toBeDefined();

    const right = await rag.ask(question);
    expect(right.status).toBe('answered');
    expect(right.citations.map((c) => c.chunk.headingPath.at(-1))).toContain('Refund window');
    expect(network.openai.chatRequests).toHaveLength(2);
  });
});
