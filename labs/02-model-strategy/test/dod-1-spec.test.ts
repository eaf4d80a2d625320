import { parseAcceptanceSpec, SpecError } from '@lab/spec.ts';
import { describe, expect, it } from 'vitest';

const valid = {
  task: 'support-ticket triage',
  minSuccessRate: 0.9,
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

describe('DoD-1 the acceptance spec is a zod schema that rejects an invalid spec field by field', () => {
  it('accepts a complete, sensible spec and returns it typed', () => {
    expect(parseAcceptanceSpec(valid)).toEqual(valid);
    expect(parseAcceptanceSpec({ ...valid, privacy: 'external-allowed', minSuccessRate: 1 })).toMatchObject({
      privacy: 'external-allowed',
      minSuccessRate: 1,
    });
  });

  it('reports every bad field at once, one message per field, each naming its field', () => {
    const error = specErrorOf({
      task: '',
      minSuccessRate: 90, // a percentage where a fraction is expected
      maxP95LatencyMs: -5,
      maxCostPerSuccessUsd: 'cheap',
      minContextWindow: 8000.5,
      privacy: 'maybe',
      allowedProviders: [],
    });
    const fields = error.issues.map((i) => i.field).sort();
    expect(fields).toEqual(
      [
        'allowedProviders',
        'maxCostPerSuccessUsd',
        'maxP95LatencyMs',
        'minContextWindow',
        'minSuccessRate',
        'privacy',
        'task',
      ].sort(),
    );
    for (const issue of error.issues) {
      expect(issue.message.length, `message for ${issue.field}`).toBeGreaterThan(0);
      expect(error.message, 'the error message lists every field').toContain(issue.field);
    }
    expect(error.message).not.toContain('\n');
  });

  it('rejects a percentage given as 90 instead of 0.9, and only that field', () => {
    const error = specErrorOf({ ...valid, minSuccessRate: 90 });
    expect(error.issues.map((i) => i.field)).toEqual(['minSuccessRate']);
    expect(error.issues[0]?.message).toMatch(/1/);
  });

  it('names a missing field and an unknown (misspelt) field instead of ignoring them', () => {
    const { maxP95LatencyMs: _dropped, ...withoutLatency } = valid;
    const error = specErrorOf({ ...withoutLatency, maxP95LatencyMS: 1500 });
    const fields = error.issues.map((i) => i.field).sort();
    expect(fields).toEqual(['maxP95LatencyMS', 'maxP95LatencyMs']);
  });

  it('rejects something that is not an object with a one-line error', () => {
    for (const input of [null, 'spec.json', 42, [valid]]) {
      const error = specErrorOf(input);
      expect(error.issues.length).toBeGreaterThan(0);
      expect(error.message).not.toContain('\n');
    }
  });
});
