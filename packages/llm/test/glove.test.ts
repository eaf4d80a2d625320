import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useMockNetwork } from '@workshop/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbeddingModel,
  describeProviderConfig,
  GLOVE_TABLE_ID,
  GloveEmbeddingModel,
  type GloveTable,
  gloveEmbedding,
  gloveTokens,
  hashEmbedding,
  loadGloveTable,
  OfflineEmbeddingModel,
} from '../src/index.ts';
import { decodeGloveTable, encodeGloveTable } from '../src/providers/offline/glove-table.ts';

const net = useMockNetwork();
let table: GloveTable;
beforeAll(async () => {
  table = await loadGloveTable();
});

const embed = (text: string) => gloveEmbedding(text, table);
const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
const norm = (v: readonly number[]) => Math.sqrt(cosine(v, v));
const readPairs = (split: 'dev' | 'test') =>
  readFileSync(path.join(import.meta.dirname, '..', 'data', 'pairs', `pairs.${split}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { a: string; b: string; label: string });

describe('the GloVe table', () => {
  it('loads from the package without network: 50,000 words of 100 dimensions', async () => {
    expect(table).toMatchObject({ id: GLOVE_TABLE_ID, dimensions: 100 });
    expect(table.index.size).toBe(50_000);
    expect(table.index.get('the')).toBe(0);
    expect(table.index.has('refund')).toBe(true);
    expect(await loadGloveTable()).toBe(table); // read once per process
    expect(net.requests).toEqual([]);
  });

  it('round-trips through its binary format and names a damaged file in one line', () => {
    const input = {
      id: 'test',
      dimensions: 2,
      sourceVocabularySize: 10,
      typicalNorm: 1.5,
      words: ['refund', 'parcel'],
      ranks: [3, 7],
      scales: [0.5, 0.25],
      vectors: Int8Array.from([127, -127, 4, 0]),
    };
    const bytes = encodeGloveTable(input);
    expect(encodeGloveTable(input)).toEqual(bytes);
    const decoded = decodeGloveTable(bytes);
    expect(decoded).toMatchObject({ id: 'test', dimensions: 2, sourceVocabularySize: 10, typicalNorm: 1.5 });
    expect([...decoded.index]).toEqual([
      ['refund', 0],
      ['parcel', 1],
    ]);
    expect([...decoded.ranks, ...decoded.scales, ...decoded.vectors]).toEqual([3, 7, 0.5, 0.25, 127, -127, 4, 0]);
    expect(() => decodeGloveTable(bytes.subarray(0, bytes.length - 1), 'x.bin')).toThrow(
      /^x\.bin: truncated or padded; rebuild it with `node packages\/llm\/scripts\/build-glove-table\.ts`$/,
    );
    expect(() => decodeGloveTable(new TextEncoder().encode('{"words": []}'), 'x.bin')).toThrow(
      /^x\.bin: not a GloVe table/,
    );
  });
});

describe('gloveTokens', () => {
  it('lower-cases, drops punctuation and expands contractions into words GloVe knows', () => {
    expect(gloveTokens('Don’t CANCEL—I can’t wait!')).toEqual(['do', 'not', 'cancel', 'i', 'can', 'not', 'wait']);
    expect(gloveTokens("We're sure it's the customer's e-mail; won't you?")).toEqual([
      'we',
      'are',
      'sure',
      'it',
      'the',
      'customer',
      'e-mail',
      'will',
      'not',
      'you',
    ]);
    expect(gloveTokens('Order #1042, £9.95')).toEqual(['order', '1042', '9', '95']);
    expect(gloveTokens('constructor __proto__ toString')).toEqual(['constructor', 'proto', 'tostring']);
  });
});

describe('gloveEmbedding', () => {
  it('is deterministic and unit length', async () => {
    const texts = ['When will my refund arrive?', 'Do you ship to Norway?', 'order 1042'];
    const again = (await new GloveEmbeddingModel().embed(texts)).embeddings;
    expect(again).toEqual(texts.map(embed));
    for (const vector of again) {
      expect(vector).toHaveLength(100);
      expect(norm(vector)).toBeCloseTo(1, 12);
    }
  });

  it('maps a text without words to the zero vector, like the hashing model', () => {
    expect(embed('')).toEqual(new Array(100).fill(0));
    expect(embed('  ?! … ')).toEqual(new Array(100).fill(0));
  });

  it('gives unknown words (names, terms beyond the table, typos) a deterministic direction of their own', () => {
    const unknown = embed('zzkj qwxv');
    expect(norm(unknown)).toBeCloseTo(1, 12);
    expect(embed('ZZKJ, Qwxv!')).toEqual(unknown);
    expect(cosine(embed('zzkj'), embed('zzkq'))).toBeLessThan(0.3);
    // A shared rare word is shared evidence.
    expect(cosine(embed('refund for the zzkj'), embed('zzkj warranty'))).toBeGreaterThan(
      cosine(embed('refund for the zzkj'), embed('zzkq warranty')),
    );
  });

  it('ignores numbers and stopwords: a figure is for a keyword index or a cache key, not for meaning', () => {
    expect(embed('where is order 1042')).toEqual(embed('where is order 7731'));
    expect(embed('where is order 1042')).toEqual(embed('order'));
    expect(embed('I need a refund')).toEqual(embed('need refund'));
    expect(embed('1042 / 7731')).toEqual(new Array(100).fill(0));
    // Letters and digits together are an id or a term of their own ("2FA", "sev1").
    expect(cosine(embed('turn on 2fa'), embed('turn on sev1'))).toBeLessThan(0.9);
  });

  it('keeps unrelated questions apart instead of crowding every cosine near 1 (pairs dev split)', () => {
    const rows = readPairs('dev');
    const medianOf = (label: string) => {
      const scores = rows.filter((r) => r.label === label).map((r) => cosine(embed(r.a), embed(r.b)));
      return scores.sort((x, y) => x - y)[Math.floor(scores.length / 2)] as number;
    };
    expect(medianOf('unrelated')).toBeLessThan(0.3);
    expect(medianOf('paraphrase') - medianOf('unrelated')).toBeGreaterThan(0.3);
  });

  it('matches meaning where the hashing model sees no shared word', () => {
    const query = 'When will I get my money back?';
    const candidates = [
      'How do I reset my password?',
      'How long does a refund take?',
      'Do you ship to Norway?',
      'Is this jacket waterproof?',
    ];
    const best = (score: (a: string, b: string) => number) =>
      candidates.reduce((top, c) => (score(query, c) > score(query, top) ? c : top));
    expect(best((a, b) => cosine(embed(a), embed(b)))).toBe('How long does a refund take?');
    expect(best((a, b) => cosine(hashEmbedding(a, 384), hashEmbedding(b, 384)))).not.toBe(
      'How long does a refund take?',
    );
  });

  it('ranks paraphrase pairs above unrelated pairs better than the hashing model (pairs dev split)', () => {
    const rows = readPairs('dev');
    const auc = (score: (a: string, b: string) => number) => {
      const of = (label: string) => rows.filter((r) => r.label === label).map((r) => score(r.a, r.b));
      const [paraphrases, unrelated] = [of('paraphrase'), of('unrelated')];
      let wins = 0;
      for (const p of paraphrases) for (const u of unrelated) wins += p > u ? 1 : p === u ? 0.5 : 0;
      return wins / (paraphrases.length * unrelated.length);
    };
    const glove = auc((a, b) => cosine(embed(a), embed(b)));
    expect(glove).toBeGreaterThan(0.9);
    expect(glove).toBeGreaterThan(auc((a, b) => cosine(hashEmbedding(a, 384), hashEmbedding(b, 384))) + 0.1);
  });
});

describe('GloveEmbeddingModel', () => {
  it('describes a versioned 100-d space and prices offline calls at 0', async () => {
    const model = new GloveEmbeddingModel();
    expect(model).toMatchObject({ provider: 'offline', modelId: 'offline-glove', dimensions: 100, normalized: true });
    expect(model.version).toContain(GLOVE_TABLE_ID);
    expect(model.version).not.toBe(new OfflineEmbeddingModel().version);
    const result = await model.embed(['a cat', 'a dog']);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.cost).toEqual({ inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true });
    expect((await model.embed([])).embeddings).toEqual([]);
  });

  it('rejects oversized batches and aborted calls with ProviderErrors', async () => {
    const model = new GloveEmbeddingModel();
    await expect(model.embed(new Array(model.maxBatchSize + 1).fill('x'))).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    await expect(model.embed(['x'], { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('OFFLINE_EMBEDDING_MODEL', () => {
  it('selects glove (the default) or hash', () => {
    expect(createEmbeddingModel({})).toBeInstanceOf(GloveEmbeddingModel);
    expect(createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: ' Glove ' })).toBeInstanceOf(GloveEmbeddingModel);
    const hash = createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: 'hash', OFFLINE_EMBEDDING_DIMENSIONS: '256' });
    expect(hash).toBeInstanceOf(OfflineEmbeddingModel);
    expect(hash.dimensions).toBe(256);
    expect(
      createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: 'glove', OFFLINE_EMBEDDING_DIMENSIONS: '100' }).dimensions,
    ).toBe(100);
    expect(describeProviderConfig({}).embedding).toMatchObject({ provider: 'offline', model: 'offline-glove' });
    expect(describeProviderConfig({ OFFLINE_EMBEDDING_MODEL: 'hash' }).embedding.model).toBe('offline-hash');
  });

  it('lets code calibrated on one model default to it, while the environment still decides', () => {
    expect(createEmbeddingModel({}, { offlineModel: 'hash' })).toBeInstanceOf(OfflineEmbeddingModel);
    expect(createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: '' }, { offlineModel: 'hash' })).toBeInstanceOf(
      OfflineEmbeddingModel,
    );
    expect(createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: 'glove' }, { offlineModel: 'hash' })).toBeInstanceOf(
      GloveEmbeddingModel,
    );
  });

  it('rejects a bad value, or hash-only dimensions with glove, in one line naming the variable', () => {
    expect(() => createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: 'bert' })).toThrow(
      'OFFLINE_EMBEDDING_MODEL="bert" is not allowed; use one of: hash, glove',
    );
    expect(() => createEmbeddingModel({ OFFLINE_EMBEDDING_DIMENSIONS: '384' })).toThrow(
      'OFFLINE_EMBEDDING_DIMENSIONS="384" applies only to OFFLINE_EMBEDDING_MODEL=hash; glove vectors have 100 dimensions: unset it',
    );
    expect(describeProviderConfig({ OFFLINE_EMBEDDING_MODEL: 'bert' }).embedding.error).toMatch(
      /^OFFLINE_EMBEDDING_MODEL="bert"/,
    );
    // Only the offline provider reads it.
    expect(createEmbeddingModel({ EMBEDDING_PROVIDER: 'ollama', OFFLINE_EMBEDDING_MODEL: 'bert' }).modelId).toBe(
      'nomic-embed-text',
    );
  });
});
