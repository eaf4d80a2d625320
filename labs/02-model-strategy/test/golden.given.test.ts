import { parseGoldenSet } from '@lab/golden.ts';
import { parseAcceptanceSpec, SpecError } from '@lab/spec.ts';
import { describe, expect, it } from 'vitest';

const _valid = {
  task: 'support-ticket triage',
  minSuccessRate: 0.9,
  maxP95LatencyMs: 1500,
  maxCostPerSuccessUsd: 0.001,
  minContextWindow: 16000,
  privacy: 'self-hosted-only',
  allowedProviders: ['openai', 'vllm'],
};

/** The SpecError thrown for `input`, or a failed expectation when nothing is thrown. */
function _specErrorOf(input: unknown): SpecError {
  try {
    parseAcceptanceSpec(input);
  } catch (error) {
    expect(error, 'parseAcceptanceSpec must throw a SpecError for an invalid spec').toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error(`parseAcceptanceSpec accepted an invalid spec: ${JSON.stringify(input)}`);
}

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('golden-set loader (given)', () => {
  it('rejects a malformed golden-set line, naming the line and the field', () => {
    const good = JSON.stringify({
      id: 'T1',
      input: 'Refund ORD-12345 please',
      expected: { category: 'billing', orderId: 'ORD-12345' },
    });
    const bad = JSON.stringify({ id: 'T2', input: 'Hi', expected: { category: 'refunds', orderId: null } });
    expect(() => parseGoldenSet(`${good}\n${bad}\n`, 'golden.jsonl')).toThrow(
      /golden\.jsonl line 2: expected\.category/,
    );
  });
});
