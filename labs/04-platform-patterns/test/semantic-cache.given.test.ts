import { type HitCandidate, SemanticCache } from '@lab/semantic-cache.ts';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';

const always = () => true;

describe('semantic cache plumbing: scopes, expiry, best candidate first', () => {
  it('offers candidates to the policy best first and returns the first it accepts', async () => {
    const seen: HitCandidate[] = [];
    const cache = new SemanticCache({
      accept: (candidate) => {
        seen.push(candidate);
        return candidate.stored.includes('refund');
      },
    });
    await cache.store('How do I cancel my order?', 'cancel');
    await cache.store('When will my refund arrive?', 'refund');

    const hit = await cache.lookup('How do I cancel my order please?');

    expect(hit?.answer).toBe('refund');
    expect(seen.map((c) => c.stored)).toEqual(['How do I cancel my order?', 'When will my refund arrive?']);
    expect(seen[0]?.similarity).toBeGreaterThan(seen[1]?.similarity ?? 1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 0, hitRate: 1, size: 2 });
  });

  it('keeps scopes apart and forgets entries after the TTL', async () => {
    const clock = manualClock();
    const cache = new SemanticCache({ accept: always, ttlMs: 60_000, now: clock });
    await cache.store('What is my store credit?', 'You have 12 euros.', { scope: 'alice' });

    expect(await cache.lookup('What is my store credit?', { scope: 'bob' })).toBeUndefined();
    expect(await cache.lookup('What is my store credit?', { scope: 'alice' })).toBeDefined();
    clock.advance(60_001);
    expect(await cache.lookup('What is my store credit?', { scope: 'alice' })).toBeUndefined();
  });

  it('caps entries, question length, and refuses bad settings with one line', async () => {
    const cache = new SemanticCache({ accept: always, maxEntries: 1, maxQuestionChars: 50 });
    await cache.store('first question', 'one');
    await cache.store('second question', 'two');
    expect(cache.stats().size).toBe(1);
    await expect(cache.lookup('x'.repeat(51))).rejects.toThrow(/over 50/);
    await expect(cache.lookup('   ')).rejects.toThrow(/empty/);
    expect(() => new SemanticCache({ accept: always, maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new SemanticCache({ accept: always, ttlMs: 0 })).toThrow(/ttlMs/);
  });
});
