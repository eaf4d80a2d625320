import { parseAcceptanceSpec, SpecError } from '@lab/spec.ts';
import { describe, expect, it } from 'vitest';

// Given code (not a checkpoint): runs in the lab's `pnpm test:reference` against the solution.
const valid = {
  task: 'support-ticket triage',
  minSuccessRate: 0.9,
  maxTrials: 200,
  maxP95LatencyMs: 1500,
  maxCostPerSuccessUsd: 0.001,
  minContextWindow: 16000,
  privacy: 'self-hosted-only',
  allowedProviders: ['openai', 'vllm'],
};

/** The SpecError thrown for `input`, or a failed expectation when nothing is thrown. */
function specErrorOf(input: unknown): SpecError {
  try {
    parseAcceptanceSpec(input);
  } catch (error) {
    expect(error, 'parseAcceptanceSpec must throw a SpecError for an invalid spec').toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error(`parseAcceptanceSpec accepted an invalid spec: ${JSON.stringify(input)}`);
}

describe('acceptance spec (given)', () => {
  it('accepts a complete, sensible spec and returns it typed', () => {
    expect(parseAcceptanceSpec(valid)).toEqual(valid);
  });

  it('reports every bad field at once, one message per field, in one line', () => {
    const error = specErrorOf({
      task: '',
      minSuccessRate: 90, // a percentage where a fraction is expected
      maxTrials: 12.5,
      maxP95LatencyMs: -5,
      maxCostPerSuccessUsd: 'cheap',
      minContextWindow: 8000.5,
      privacy: 'maybe',
      allowedProviders: [],
    });
    expect(error.issues.map((i) => i.field).sort()).toEqual(
      [
        'allowedProviders',
        'maxCostPerSuccessUsd',
        'maxP95LatencyMs',
        'maxTrials',
        'minContextWindow',
        'minSuccessRate',
        'privacy',
        'task',
      ].sort(),
    );
    for (const issue of error.issues) expect(error.message).toContain(issue.field);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a bar of 1: no finite number of trials proves a true rate of 100 %', () => {
    expect(specErrorOf({ ...valid, minSuccessRate: 1 }).issues.map((i) => i.field)).toEqual(['minSuccessRate']);
  });

  it('names a missing field and an unknown (misspelt) field instead of ignoring them', () => {
    const { maxP95LatencyMs: _dropped, ...withoutLatency } = valid;
    const error = specErrorOf({ ...withoutLatency, maxP95LatencyMS: 1500 });
    expect(error.issues.map((i) => i.field).sort()).toEqual(['maxP95LatencyMS', 'maxP95LatencyMs']);
  });

  it('rejects something that is not an object with a one-line error', () => {
    for (const input of [null, 'spec.json', 42, [valid]]) {
      expect(specErrorOf(input).message).not.toContain('\n');
    }
  });
});
