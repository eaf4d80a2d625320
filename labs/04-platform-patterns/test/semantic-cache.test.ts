import { DEFAULT_SIMILARITY_THRESHOLD, SemanticCache } from '@lab/semantic-cache.ts';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';

// These tests use the default embedder: the offline hashing model from @workshop/llm.
const X100 = 'What is the battery life of the X100 headphones?';
const X100_ANSWER = 'The X100 runs for 30 hours on one charge.';
const X200_ANSWER = 'The X200 runs for 45 hours on one charge.';

describe('DoD-5 semantic cache: close rewordings hit, near-miss questions must not', () => {
  it('answers a reworded question from the cache, with its similarity', async () => {
    const cache = new SemanticCache();
    await cache.store(X100, X100_ANSWER);

    const hit = await cache.lookup('what is the battery life of X100 headphones');

    expect(hit?.answer).toBe(X100_ANSWER);
    expect(hit?.question).toBe(X100);
    expect(hit?.similarity).toBeGreaterThanOrEqual(DEFAULT_SIMILARITY_THRESHOLD);
    expect(hit?.similarity).toBeLessThan(1);
    expect(await cache.lookup('How do I cancel my order?')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, size: 1 });
  });

  it('does NOT answer a near-miss: same words, different thing', async () => {
    const cache = new SemanticCache();
    await cache.store('How do I cancel my order?', 'Open Orders, pick the order and press Cancel.');
    await cache.store(X100, X100_ANSWER);

    expect(await cache.lookup('How do I cancel my subscription?'), 'order ≠ subscription').toBeUndefined();
    expect(await cache.lookup('What is the battery life of the X200 headphones?'), 'X100 ≠ X200').toBeUndefined();
    expect(await cache.lookup('how do I cancel my order')).toBeDefined();
  });

  it('returns the most similar entry, not the first one over the threshold', async () => {
    const cache = new SemanticCache({ threshold: 0.8 });
    await cache.store(X100, X100_ANSWER);
    await cache.store('What is the battery life of the X200 headphones?', X200_ANSWER);

    const hit = await cache.lookup('what is the battery life of X200 headphones');

    expect(hit?.answer).toBe(X200_ANSWER);
  });

  it('keeps scopes apart and forgets entries after the TTL', async () => {
    const clock = manualClock();
    const cache = new SemanticCache({ ttlMs: 60_000, now: clock });
    await cache.store('What is my store credit?', 'You have 12 euros of store credit.', { scope: 'alice' });

    expect(await cache.lookup('What is my store credit?', { scope: 'bob' })).toBeUndefined();
    expect(await cache.lookup('What is my store credit?', { scope: 'alice' })).toBeDefined();
    clock.advance(60_001);
    expect(await cache.lookup('What is my store credit?', { scope: 'alice' })).toBeUndefined();
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => new SemanticCache({ threshold: 1.5 })).toThrow(/threshold/);
    expect(() => new SemanticCache({ threshold: 0 })).toThrow(/threshold/);
  });
});
