import { describe, expect, it } from 'vitest';
import { countMessageTokens, countTokens, tokenizerFor } from '../src/index.ts';

describe('countTokens', () => {
  it('matches tiktoken cl100k_base counts for GPT-4 and text-embedding-3 (values from the OpenAI cookbook)', () => {
    expect(countTokens('tiktoken is great!', 'gpt-4')).toBe(6);
    expect(countTokens('2 + 2 = 4', 'gpt-3.5-turbo')).toBe(7);
    expect(countTokens('antidisestablishmentarianism', 'text-embedding-3-small')).toBe(6);
    expect(countTokens('お誕生日おめでとう', 'gpt-4')).toBe(9);
  });

  it('uses o200k_base for the GPT-4o / 4.1 / 5 and o-series families', () => {
    for (const model of ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5-mini', 'o3-mini', 'openai/gpt-4o']) {
      expect(tokenizerFor(model), model).toEqual({ encoding: 'o200k_base', exact: true });
    }
    // o200k is more efficient than cl100k on non-English text.
    expect(countTokens('お誕生日おめでとう', 'gpt-4o')).toBe(8);
    expect(countTokens('hello world', 'gpt-4o')).toBe(2);
  });

  it('estimates with o200k for models without a public tokenizer, and says so', () => {
    for (const model of ['llama3.2', 'qwen2.5:7b', 'mistral', undefined]) {
      expect(tokenizerFor(model)).toEqual({ encoding: 'o200k_base', exact: false });
    }
    expect(countTokens('tiktoken is great!', 'llama3.2')).toBe(countTokens('tiktoken is great!', 'gpt-4o'));
  });

  it('counts special-token text as plain text instead of throwing, and empty text as 0', () => {
    expect(countTokens('<|endoftext|>', 'gpt-4o')).toBeGreaterThan(1);
    expect(countTokens('', 'gpt-4o')).toBe(0);
  });

  it('counts a chat prompt with per-message framing', () => {
    const content = 'What is the refund policy?';
    const one = countMessageTokens([{ role: 'user', content }], 'gpt-4o');
    expect(one).toBe(3 + 3 + countTokens('user', 'gpt-4o') + countTokens(content, 'gpt-4o'));
    const two = countMessageTokens(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content },
      ],
      'gpt-4o',
    );
    expect(two).toBeGreaterThan(one);
  });
});
