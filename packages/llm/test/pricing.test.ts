import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, definePriceTable, findPrice } from '../src/index.ts';

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

describe('pricing', () => {
  it('prices a call from the table (USD per 1M tokens)', () => {
    const cost = costOf('openai', 'gpt-4o-mini', usage(1_000_000, 500_000));
    const price = findPrice('openai', 'gpt-4o-mini');
    expect(price).toBeDefined();
    expect(cost.priced).toBe(true);
    expect(cost.inputUsd).toBeCloseTo(price?.inputPerMTok ?? Number.NaN, 10);
    expect(cost.outputUsd).toBeCloseTo((price?.outputPerMTok ?? Number.NaN) / 2, 10);
    expect(cost.totalUsd).toBeCloseTo(cost.inputUsd + cost.outputUsd, 12);
  });

  it('has the models the labs use, each with a source and date', () => {
    for (const model of [
      'gpt-4o-mini',
      'gpt-4o',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'text-embedding-3-small',
      'text-embedding-3-large',
    ]) {
      expect(findPrice('openai', model), model).toBeDefined();
    }
    for (const entry of DEFAULT_PRICES) {
      expect(entry.source.length).toBeGreaterThan(5);
      expect(entry.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('prices dated snapshots like their alias, local models at zero, and unknown models as unpriced', () => {
    expect(findPrice('openai', 'gpt-4o-mini-2024-07-18')).toBe(findPrice('openai', 'gpt-4o-mini'));
    expect(costOf('ollama', 'llama3.2:latest', usage(1000, 1000))).toEqual({
      inputUsd: 0,
      outputUsd: 0,
      totalUsd: 0,
      priced: true,
    });
    expect(costOf('offline', 'offline-extractive', usage(10, 10)).priced).toBe(true);
    expect(costOf('openai', 'my-finetune', usage(1000, 1000))).toEqual({
      inputUsd: 0,
      outputUsd: 0,
      totalUsd: 0,
      priced: false,
    });
    expect(costOf('vllm', 'gpt-4o-mini', usage(1000, 1000)).priced).toBe(false);
  });

  it('accepts a custom table and rejects a malformed one naming the field', () => {
    const table = definePriceTable([
      {
        provider: 'vllm',
        model: 'qwen2.5-7b',
        inputPerMTok: 0.05,
        outputPerMTok: 0.1,
        source: 'our GPU bill / tokens served',
        asOf: '2025-09-01',
      },
    ]);
    expect(costOf('vllm', 'qwen2.5-7b', usage(2_000_000, 0), table).totalUsd).toBeCloseTo(0.1, 10);
    expect(costOf('openai', 'gpt-4o-mini', usage(1, 1), table).priced).toBe(false);
    expect(() =>
      definePriceTable([
        { provider: 'x', model: 'y', inputPerMTok: -1, outputPerMTok: 0, source: 's', asOf: '2025-01-01' },
      ]),
    ).toThrow(/entries\.0\.inputPerMTok/);
  });
});

describe('pricing cached input', () => {
  it('prices cached input tokens at cachedInputPerMTok, and at the input price when the table has none', () => {
    const price = findPrice('openai', 'gpt-4.1-mini');
    expect(price?.cachedInputPerMTok).toBeLessThan(price?.inputPerMTok ?? 0);
    const cost = costOf('openai', 'gpt-4.1-mini', { ...usage(1_000_000, 0), cachedInputTokens: 400_000 });
    expect(cost.inputUsd).toBeCloseTo(0.6 * (price?.inputPerMTok ?? 0) + 0.4 * (price?.cachedInputPerMTok ?? 0), 10);
    const table = definePriceTable([
      { provider: 'p', model: 'm', inputPerMTok: 2, outputPerMTok: 4, source: 'test', asOf: '2025-01-01' },
    ]);
    expect(costOf('p', 'm', { ...usage(1_000_000, 0), cachedInputTokens: 500_000 }, table).inputUsd).toBeCloseTo(2, 10);
  });
});
