import { requestCacheKey } from '@lab/cache-key.ts';
import { ResponseCache } from '@lab/response-cache.ts';
import { type ChatRequest, OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';

const MODEL = 'gpt-4o-mini';
const network = useMockNetwork();
// Built per test: the client picks up fetch when constructed, after useMockNetwork() has started.
const chat = () => new OpenAIChatModel({ model: MODEL, apiKey: 'test-key' });

function ask(question: string, temperature: number | undefined = 0): ChatRequest {
  return {
    messages: [
      { role: 'system', content: 'You answer questions about our return policy.' },
      { role: 'user', content: question },
    ],
    temperature,
    maxOutputTokens: 200,
  };
}

describe('exact-match response cache: normalised key, TTL, LRU, hit rate, temperature rule', () => {
  it('answers a repeated deterministic request from the cache and reports the hit rate', async () => {
    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: manualClock() });
    network.openai.script({
      content: 'You can return items within 30 days.',
      usage: { inputTokens: 40, outputTokens: 10 },
    });

    const first = await cache.generate(chat(), ask('How long do I have to return an item?'));
    const second = await cache.generate(chat(), ask('How long do I have to return an item?'));

    expect(network.openai.chatRequests).toHaveLength(1);
    expect(second.text).toBe(first.text);
    expect(second.text).toBe('You can return items within 30 days.');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, size: 1, tokensSaved: 50 });
  });

  it('keys on the normalised request: property order, unset fields and the abort signal do not matter', async () => {
    const base = ask('Do you refund shipping costs?');
    const reordered: ChatRequest = {
      maxOutputTokens: 200,
      temperature: 0,
      stop: undefined,
      signal: new AbortController().signal,
      messages: base.messages.map((message) => ({ content: message.content, role: message.role }) as typeof message),
    };
    expect(requestCacheKey(MODEL, reordered)).toBe(requestCacheKey(MODEL, base));

    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: manualClock() });
    await cache.generate(chat(), base);
    await cache.generate(chat(), reordered);
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('gives a different key to anything the model sees differently', () => {
    const base = requestCacheKey(MODEL, ask('Do you refund shipping costs?'));
    const variants = [
      requestCacheKey('gpt-4o', ask('Do you refund shipping costs?')),
      requestCacheKey(MODEL, ask('Do you refund return shipping costs?')),
      requestCacheKey(MODEL, { ...ask('Do you refund shipping costs?'), maxOutputTokens: 50 }),
      requestCacheKey(MODEL, { ...ask('Do you refund shipping costs?'), seed: 7 }),
      requestCacheKey(MODEL, ask('Do you refund shipping costs?', 0.2)),
      requestCacheKey(MODEL, ask('Do you refund shipping costs?'), 'tenant-b'),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not cache requests with temperature > 0 (or unset) unless the caller opts in', async () => {
    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: manualClock() });
    await cache.generate(chat(), ask('Suggest a name for a kettle.', 0.8));
    await cache.generate(chat(), ask('Suggest a name for a kettle.', 0.8));
    await cache.generate(chat(), { ...ask('Suggest a name for a kettle.'), temperature: undefined });
    expect(network.openai.chatRequests).toHaveLength(3);
    expect(cache.stats()).toMatchObject({ hits: 0, bypassed: 3, size: 0 });

    const optedIn = new ResponseCache({
      maxEntries: 100,
      ttlMs: 60_000,
      now: manualClock(),
      cacheNonZeroTemperature: true,
    });
    await optedIn.generate(chat(), ask('Suggest a name for a kettle.', 0.8));
    await optedIn.generate(chat(), ask('Suggest a name for a kettle.', 0.8));
    expect(network.openai.chatRequests).toHaveLength(4);
  });

  it('expires entries after the TTL', async () => {
    const clock = manualClock();
    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: clock });
    await cache.generate(chat(), ask('What are your opening hours?'));
    clock.advance(59_000);
    await cache.generate(chat(), ask('What are your opening hours?'));
    expect(network.openai.chatRequests).toHaveLength(1);
    clock.advance(2_000);
    await cache.generate(chat(), ask('What are your opening hours?'));
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('evicts the least recently used entry when full', async () => {
    const cache = new ResponseCache({ maxEntries: 2, ttlMs: 60_000, now: manualClock() });
    await cache.generate(chat(), ask('Question A'));
    await cache.generate(chat(), ask('Question B'));
    await cache.generate(chat(), ask('Question A')); // hit: A is now the most recently used
    await cache.generate(chat(), ask('Question C')); // full: evicts B, not A
    expect(network.openai.chatRequests).toHaveLength(3);

    await cache.generate(chat(), ask('Question A'));
    expect(network.openai.chatRequests, 'A survived').toHaveLength(3);
    await cache.generate(chat(), ask('Question B'));
    expect(network.openai.chatRequests, 'B was evicted').toHaveLength(4);
    expect(cache.stats().size).toBe(2);
  });

  it('never serves one scope the answer cached for another', async () => {
    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: manualClock() });
    await cache.generate(chat(), ask('What is my store credit?'), { scope: 'alice' });
    await cache.generate(chat(), ask('What is my store credit?'), { scope: 'bob' });
    expect(network.openai.chatRequests).toHaveLength(2);
    await cache.generate(chat(), ask('What is my store credit?'), { scope: 'alice' });
    expect(network.openai.chatRequests).toHaveLength(2);
  });

  it('does not cache a truncated answer', async () => {
    const cache = new ResponseCache({ maxEntries: 100, ttlMs: 60_000, now: manualClock() });
    network.openai.script({ content: 'Returns are accepted wi', finishReason: 'length' });
    await cache.generate(chat(), ask('Explain the full return policy.'));
    await cache.generate(chat(), ask('Explain the full return policy.'));
    expect(network.openai.chatRequests).toHaveLength(2);
  });
});
