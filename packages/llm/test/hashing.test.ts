import { describe, expect, it } from 'vitest';
import { hashEmbedding, OfflineEmbeddingModel } from '../src/index.ts';
import { fnv1a32, lightStem } from '../src/providers/offline/hashing.ts';

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

// A small support knowledge base: each query is written with different wording from its
// document, sharing only some words or word stems, as real user questions do.
const DOCS = [
  'To reset your password, open Settings, choose Security and click "Reset password".',
  'Refunds are issued to the original payment method within 14 days of the return.',
  'Our warehouse ships orders Monday to Friday; weekend orders leave on Monday.',
  'Two-factor authentication adds a one-time code from your phone to every login.',
  'You can export your invoices as PDF from the Billing page.',
  'Delete your account under Settings > Privacy; deletion is permanent after 30 days.',
  'The mobile app supports offline mode for reading saved articles.',
  'Contact support by email or chat; phone support is available for enterprise plans.',
];
const QUERIES: [string, number][] = [
  ['how do I reset my password', 0],
  ['when will I get my refund', 1],
  ['do you ship orders on weekends', 2],
  ['enable two factor login codes', 3],
  ['download invoice pdf', 4],
  ['how to delete my account permanently', 5],
  ['read articles offline in the app', 6],
  ['is there phone support', 7],
  // Morphological variants: only stems and word pieces are shared.
  ['refunded payment', 1],
  ['shipping on saturday', 2],
  ['authenticating with a code', 3],
  ['billing invoices', 4],
  ['privacy settings deletion', 5],
  ['saving articles for offline reading', 6],
  ['emailing support', 7],
  ['security settings password', 0],
];

describe('hashEmbedding', () => {
  it('is deterministic and has the requested length and unit norm', () => {
    const a = hashEmbedding('The quick brown fox', 384);
    expect(a).toHaveLength(384);
    expect(hashEmbedding('The quick brown fox', 384)).toEqual(a);
    expect(norm(a)).toBeCloseTo(1, 10);
  });

  it('hashes with FNV-1a 32 (published test vectors), so buckets are the same on every platform', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('keeps its vector space: a pinned vector (bump HASHING_ALGORITHM_VERSION when this must change)', () => {
    const v = hashEmbedding('hello world', 16).map((x) => Math.round(x * 1e4) / 1e4);
    expect(v).toEqual([
      -0.5455, 0, -0.1997, 0, -0.3459, 0.1997, -0.0998, 0.0998, -0.2995, 0.2995, -0.0998, 0.2995, -0.2995, 0.1997, 0,
      0.2728,
    ]);
  });

  it('ignores case and punctuation but not words', () => {
    expect(hashEmbedding('Reset PASSWORD!', 128)).toEqual(hashEmbedding('reset password', 128));
    expect(hashEmbedding('reset password', 128)).not.toEqual(hashEmbedding('reset username', 128));
  });

  it('gives inflected forms the same word feature (light stemming)', () => {
    const forms = ['refund', 'refunds', 'refunded', 'refunding'].map(lightStem);
    expect(new Set(forms)).toEqual(new Set(['refund']));
    expect(lightStem('shipping')).toBe(lightStem('ships'));
    expect(lightStem('class')).toBe('class');
    expect(lightStem('issues')).toBe('issue');
  });

  it('maps text without words to the zero vector and rejects bad dimensions', () => {
    expect(hashEmbedding('  ?! ', 8)).toEqual(new Array(8).fill(0));
    expect(() => hashEmbedding('x', 0)).toThrow(/dimensions must be a positive integer, got 0/);
    expect(() => hashEmbedding('x', 1.5)).toThrow(/positive integer/);
  });

  it('scores a text with shared words and word pieces above unrelated text', () => {
    const q = hashEmbedding('resetting passwords', 384);
    const related = hashEmbedding('How to reset your password', 384);
    const unrelated = hashEmbedding('Shipping takes three business days', 384);
    expect(dot(q, related)).toBeGreaterThan(dot(q, unrelated) + 0.1);
  });

  it('retrieves the right document first for every query of a small knowledge base', () => {
    const docVectors = DOCS.map((d) => hashEmbedding(d, 384));
    for (const [query, expected] of QUERIES) {
      const q = hashEmbedding(query, 384);
      const ranked = docVectors.map((d, i) => ({ i, score: dot(q, d) })).sort((a, b) => b.score - a.score);
      expect(ranked[0]?.i, `query "${query}"`).toBe(expected);
    }
  });
});

describe('OfflineEmbeddingModel', () => {
  it('defaults to 384 normalised dimensions and a versioned vector space', async () => {
    const model = new OfflineEmbeddingModel();
    expect(model).toMatchObject({ provider: 'offline', modelId: 'offline-hash', dimensions: 384, normalized: true });
    expect(model.version).toContain('384d');
    expect(new OfflineEmbeddingModel({ dimensions: 64 }).version).not.toBe(model.version);
    const result = await model.embed(['a cat', 'a dog']);
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[0]).toEqual(hashEmbedding('a cat', 384));
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(0);
    expect(result.cost).toEqual({ inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true });
  });

  it('rejects bad dimensions, oversized batches and aborted calls with ProviderErrors', async () => {
    expect(() => new OfflineEmbeddingModel({ dimensions: -1 })).toThrow(/positive integer, got -1/);
    const model = new OfflineEmbeddingModel({ dimensions: 8 });
    await expect(model.embed(new Array(model.maxBatchSize + 1).fill('x'))).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    await expect(model.embed(['x'], { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
    // Refused offline as the live providers refuse it, so code that passes here does not break live.
    await expect(model.embed(['x', ''])).rejects.toMatchObject({ kind: 'invalid_request' });
  });
});
