import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ChatMessage, type ChatStreamEvent, NO_ANSWER, OfflineChatModel, SIMULATOR_PREFIX } from '../src/index.ts';

const CONTEXT = [
  'Acme Cloud stores backups for 35 days.',
  'Backups are encrypted with AES-256 at rest.',
  'The support desk is open from 9:00 to 17:00 CET on weekdays.',
  'Invoices are sent on the first business day of each month.',
].join(' ');

const ask = (question: string): ChatMessage[] => [
  { role: 'system', content: `Answer using only this context.\n${CONTEXT}` },
  { role: 'user', content: question },
];

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('OfflineChatModel', () => {
  const model = new OfflineChatModel();

  it('announces itself as a simulator and answers from the context it is given', async () => {
    const response = await model.generate({ messages: ask('How long are backups kept?') });
    expect(response.text.startsWith(SIMULATOR_PREFIX)).toBe(true);
    expect(response.text).toContain('Acme Cloud stores backups for 35 days.');
    expect(response.text).not.toContain('Invoices');
    expect(response).toMatchObject({ provider: 'offline', finishReason: 'stop', toolCalls: [] });
    expect(response.message).toEqual({ role: 'assistant', content: response.text });
  });

  it('picks different context for different questions', async () => {
    const hours = await model.generate({ messages: ask('When is the support desk open?') });
    expect(hours.text).toContain('9:00 to 17:00 CET');
    const invoices = await model.generate({ messages: ask('When do you send invoices?') });
    expect(invoices.text).toContain('first business day');
    expect(invoices.text).not.toContain('support desk');
  });

  it('uses context inside the user message when the question comes with it', async () => {
    const response = await model.generate({
      messages: [{ role: 'user', content: `${CONTEXT}\nHow are backups encrypted?` }],
    });
    expect(response.text).toContain('AES-256');
  });

  it('says so when the context has nothing on the question, instead of inventing', async () => {
    const response = await model.generate({ messages: ask('What is the capital of Mongolia?') });
    expect(response.text).toBe(SIMULATOR_PREFIX + NO_ANSWER);
  });

  it('is deterministic', async () => {
    const a = await model.generate({ messages: ask('Are backups encrypted?') });
    const b = await model.generate({ messages: ask('Are backups encrypted?') });
    expect(b.text).toBe(a.text);
    expect(b.usage).toEqual(a.usage);
  });

  it('streams word by word, with TTFT measured by the clock, ending with the aggregate', async () => {
    let t = 0;
    const clocked = new OfflineChatModel({
      wordDelayMs: 5,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    const events = await collect(clocked.stream({ messages: ask('How long are backups kept?') }));
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(5);
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('last event is not finish');
    expect(deltas.map((d) => d.text).join('')).toBe(finish.response.text);
    expect(finish.response.timeToFirstTokenMs).toBe(5);
    expect(finish.response.latencyMs).toBe(5 * deltas.length);
  });

  it('estimates usage with the tokenizer and reports a priced zero cost', async () => {
    const response = await model.generate({ messages: ask('How long are backups kept?') });
    expect(response.usage.inputTokens).toBeGreaterThan(50);
    expect(response.usage.outputTokens).toBeGreaterThan(5);
    expect(response.usage.totalTokens).toBe(response.usage.inputTokens + response.usage.outputTokens);
    expect(response.cost).toEqual({ inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true });
  });

  it('honours maxOutputTokens and stop sequences', async () => {
    const cut = await model.generate({ messages: ask('How long are backups kept?'), maxOutputTokens: 6 });
    expect(cut.finishReason).toBe('length');
    expect(cut.usage.outputTokens).toBeLessThanOrEqual(6);
    const stopped = await model.generate({ messages: ask('How long are backups kept?'), stop: ['35'] });
    expect(stopped.text).not.toContain('35');
  });

  it('refuses JSON output and required tools honestly, and honours abort', async () => {
    expect(model.capabilities).toMatchObject({ tools: false, jsonOutput: false, streaming: true });
    await expect(model.generate({ messages: ask('x?'), responseFormat: { type: 'json' } })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('cannot produce JSON'),
    });
    const tool = { name: 'lookup', description: 'Look up', inputSchema: z.object({ q: z.string() }) };
    await expect(model.generate({ messages: ask('x?'), tools: [tool], toolChoice: 'required' })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    await expect(model.generate({ messages: ask('x?'), signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });
});
