import { BudgetExceededError } from '@lab/budget-error.ts';
import { fitConversation, summariseWith } from '@lab/context-window.ts';
import { type ChatMessage, countMessageTokens, OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { supportConversation } from './helpers.ts';

const MODEL = 'gpt-4o-mini';
const network = useMockNetwork();

/** Asserts `kept` is the newest run of `history` (no gaps) and returns its length. */
function expectNewestSuffix(kept: ChatMessage[], history: ChatMessage[]): number {
  expect(kept).toEqual(history.slice(history.length - kept.length));
  return kept.length;
}

describe('a conversation is fitted into the context window minus the reserved output', () => {
  it('keeps the system prompt, the latest user turn and as many of the newest turns as fit', async () => {
    const messages = supportConversation(10);
    const window = { contextWindow: 600, reservedOutputTokens: 200 };
    const available = window.contextWindow - window.reservedOutputTokens;
    expect(countMessageTokens(messages, MODEL)).toBeGreaterThan(available);

    const fitted = await fitConversation(messages, { model: MODEL, ...window });

    expect(fitted.messages[0]).toEqual(messages[0]);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    const tokens = countMessageTokens(fitted.messages, MODEL);
    expect(tokens, 'the fitted prompt must leave room for the reserved output').toBeLessThanOrEqual(available);
    expect(fitted.inputTokens).toBe(tokens);

    const history = messages.slice(1, -1);
    const kept = expectNewestSuffix(fitted.messages.slice(1, -1), history);
    expect(kept, 'some recent turns fit and must be kept').toBeGreaterThan(0);
    // Nothing more would have fitted: the next older turn breaks the budget.
    const nextOlder = history[history.length - kept - 1] as ChatMessage;
    const withOneMore = [messages[0] as ChatMessage, nextOlder, ...fitted.messages.slice(1)];
    expect(countMessageTokens(withOneMore, MODEL)).toBeGreaterThan(available);
    expect(fitted.dropped).toEqual(history.slice(0, history.length - kept));
  });

  it('returns a conversation that already fits unchanged', async () => {
    const messages = supportConversation(2);
    const fitted = await fitConversation(messages, { model: MODEL, contextWindow: 8_000, reservedOutputTokens: 1_000 });
    expect(fitted.messages).toEqual(messages);
    expect(fitted.dropped).toEqual([]);
  });

  it('drops an assistant tool call together with its tool results, never one without the other', async () => {
    const system: ChatMessage = { role: 'system', content: 'You track parcels.' };
    const call: ChatMessage = {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'call_1', name: 'track_parcel', arguments: '{"parcel":"NL-4471-K7","carrier":"PostNL"}' }],
    };
    const result: ChatMessage = {
      role: 'tool',
      toolCallId: 'call_1',
      content: '{"status":"in transit","eta":"Friday"}',
    };
    const answer: ChatMessage = { role: 'assistant', content: 'Your parcel is in transit and arrives on Friday.' };
    const latest: ChatMessage = { role: 'user', content: 'And the second parcel?' };
    const messages = [
      system,
      { role: 'user', content: 'Where is my parcel NL-4471-K7?' } as ChatMessage,
      call,
      result,
      answer,
      latest,
    ];
    // Room for the tool result and the answer, but not for the call that produced the result.
    const available = countMessageTokens([system, result, answer, latest], MODEL);

    const fitted = await fitConversation(messages, {
      model: MODEL,
      contextWindow: available + 100,
      reservedOutputTokens: 100,
    });

    expect(fitted.messages).toEqual([system, answer, latest]);
  });

  it('throws a BudgetExceededError naming the context budget when the system prompt and latest turn alone do not fit', async () => {
    const system: ChatMessage = { role: 'system', content: 'You summarise contracts.' };
    const latest: ChatMessage = {
      role: 'user',
      content: 'Summarise this clause: '.concat('The supplier shall deliver. '.repeat(80)),
    };
    const options = { model: MODEL, contextWindow: 300, reservedOutputTokens: 100 };
    const needed = countMessageTokens([system, latest], MODEL);

    const error = await fitConversation([system, latest], options).catch((caught: unknown) => caught);

    expect(error, `expected a BudgetExceededError, got: ${String(error)}`).toBeInstanceOf(BudgetExceededError);
    const budgetError = error as BudgetExceededError;
    expect(budgetError.budget).toBe('context');
    expect(budgetError.limit).toBe(200);
    expect(budgetError.overBy).toBe(needed - 200);
    expect(budgetError.message).toContain(String(needed - 200));
  });

  it('rejects a reserved output that leaves no room for the prompt', async () => {
    await expect(
      fitConversation(supportConversation(1), { model: MODEL, contextWindow: 1_000, reservedOutputTokens: 1_000 }),
    ).rejects.toThrow(/reservedOutputTokens/);
  });
});

describe('the oldest turns can be summarised instead of dropped', () => {
  const summary = 'Earlier the customer asked about order 4471, a refund for a cracked teapot and the billing address.';

  it('replaces the dropped turns with one summary made by the model and still fits', async () => {
    network.openai.script({ content: summary });
    const summarise = summariseWith(new OpenAIChatModel({ model: MODEL, apiKey: 'test-key' }));
    const messages = supportConversation(10);
    const options = { model: MODEL, contextWindow: 600, reservedOutputTokens: 200, summarise };

    const fitted = await fitConversation(messages, options);

    expect(network.openai.chatRequests, 'one summarisation call').toHaveLength(1);
    const sent = JSON.stringify(network.openai.chatRequests[0]);
    expect(sent, 'the oldest turn is what gets summarised').toContain(
      'Turn 1: I have a question about the delivery date',
    );
    expect(fitted.summary).toBe(summary);
    expect(fitted.messages[0]).toEqual(messages[0]);
    const summaryMessage = fitted.messages[1] as ChatMessage;
    expect(summaryMessage.role).toBe('system');
    expect(summaryMessage.content).toContain(summary);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    expect(countMessageTokens(fitted.messages, MODEL)).toBeLessThanOrEqual(400);
    const history = messages.slice(1, -1);
    const kept = expectNewestSuffix(fitted.messages.slice(2, -1), history);
    expect(fitted.dropped).toEqual(history.slice(0, history.length - kept));
    expect(fitted.dropped[0]).toEqual(messages[1]);
  });

  it('does not call the summariser when nothing has to go', async () => {
    const summarise = summariseWith(new OpenAIChatModel({ model: MODEL, apiKey: 'test-key' }));
    const messages = supportConversation(2);
    const fitted = await fitConversation(messages, {
      model: MODEL,
      contextWindow: 8_000,
      reservedOutputTokens: 500,
      summarise,
    });
    expect(fitted.messages).toEqual(messages);
    expect(fitted.summary).toBeUndefined();
    expect(network.openai.chatRequests).toHaveLength(0);
  });
});
