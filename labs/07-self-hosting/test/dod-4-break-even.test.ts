import { breakEven } from '@lab/break-even.ts';
import { InvalidInputError } from '@lab/errors.ts';
import type { BreakEvenInput } from '@lab/types.ts';
import { definePriceTable, findPrice } from '@workshop/llm';
import { describe, expect, it } from 'vitest';

/** A made-up price table, so the expected figures below are checkable by hand. */
const prices = definePriceTable([
  { provider: 'acme', model: 'big', inputPerMTok: 5, outputPerMTok: 15, source: 'test', asOf: '2030-01-01' },
  { provider: 'acme', model: 'tiny', inputPerMTok: 0.05, outputPerMTok: 0.2, source: 'test', asOf: '2030-01-01' },
]);

/** 1,000 tokens in, 200 out; a $2/h GPU that prefills 2,000 tok/s and generates 100 tok/s, 50 % busy. */
function input(overrides: Partial<BreakEvenInput> = {}, selfHosted: Partial<BreakEvenInput['selfHosted']> = {}) {
  return {
    request: { inputTokens: 1_000, outputTokens: 200 },
    selfHosted: {
      gpuUsdPerHour: 2,
      outputTokensPerSecond: 100,
      inputTokensPerSecond: 2_000,
      utilisation: 0.5,
      ...selfHosted,
    },
    hosted: { provider: 'acme', model: 'big' },
    prices,
    ...overrides,
  } satisfies BreakEvenInput;
}

describe('DoD-4 break-even: cost per 1,000 requests on both sides', () => {
  it('prices 1,000 hosted requests from the price table', () => {
    // 1,000 × (1,000 × $5 + 200 × $15) / 1M = $8
    expect(breakEven(input()).hostedUsdPer1kRequests).toBeCloseTo(8, 9);
  });

  it('prices 1,000 self-hosted requests from GPU-seconds, the hourly rate and utilisation', () => {
    const result = breakEven(input());
    // 1,000/2,000 + 200/100 = 2.5 GPU-s; at 50 % busy a request pays for 5 s of a $2/h GPU.
    expect(result.gpuSecondsPerRequest).toBeCloseTo(2.5, 9);
    expect(result.selfHostedUsdPer1kRequests).toBeCloseTo((1_000 * 5 * 2) / 3600, 9);
    // 730 h × 3,600 s × 0.5 / 2.5 s
    expect(result.requestsPerGpuMonth).toBeCloseTo(525_600, 6);
  });

  it('a busier GPU makes each self-hosted request cheaper; the hosted side does not change', () => {
    const half = breakEven(input());
    const busy = breakEven(input({}, { utilisation: 1 }));
    expect(busy.selfHostedUsdPer1kRequests).toBeCloseTo(half.selfHostedUsdPer1kRequests / 2, 9);
    expect(busy.hostedUsdPer1kRequests).toBe(half.hostedUsdPer1kRequests);
  });

  it('uses the real price table of @workshop/llm by default', () => {
    const price = findPrice('openai', 'gpt-4o');
    expect(price, 'gpt-4o is in the built-in price table').toBeDefined();
    const { prices: _custom, ...rest } = input({ hosted: { provider: 'openai', model: 'gpt-4o' } });
    const expected = 1_000 * ((1_000 * (price?.inputPerMTok ?? 0) + 200 * (price?.outputPerMTok ?? 0)) / 1e6);
    expect(breakEven(rest).hostedUsdPer1kRequests).toBeCloseTo(expected, 9);
  });
});

describe('DoD-4 break-even: the monthly volume where self-hosting wins, or never', () => {
  it('one always-on GPU pays off from its monthly price divided by the hosted price per request', () => {
    const result = breakEven(input());
    // $2 × 730 h = $1,460 a month; hosted $0.008 a request → 182,500 requests a month.
    expect(result.breakEvenRequestsPerMonth).toBe(182_500);
    expect(result.gpusAtBreakEven).toBe(1);
  });

  it('fixed monthly costs move the break-even up', () => {
    const result = breakEven(input({}, { fixedMonthlyUsd: 540 }));
    expect(result.breakEvenRequestsPerMonth).toBe(250_000); // ($1,460 + $540) / $0.008
    expect(result.gpusAtBreakEven).toBe(1);
  });

  it('when one GPU cannot serve the break-even volume, it is found on a larger fleet', () => {
    // Each GPU serves 525,600 requests worth $4,204.80 hosted and costs $1,460: $2,744.80 margin.
    // $6,000 fixed needs ceil(6,000 / 2,744.80) = 3 GPUs → (3 × 1,460 + 6,000) / 0.008 requests.
    const result = breakEven(input({}, { fixedMonthlyUsd: 6_000 }));
    expect(result.gpusAtBreakEven).toBe(3);
    expect(result.breakEvenRequestsPerMonth).toBe(1_297_500);
    expect(result.breakEvenRequestsPerMonth as number).toBeLessThanOrEqual(3 * result.requestsPerGpuMonth);
  });

  it('says never when a self-hosted request costs more than a hosted one, whatever the volume', () => {
    const result = breakEven(input({ hosted: { provider: 'acme', model: 'tiny' } }));
    expect(result.selfHostedUsdPer1kRequests).toBeGreaterThan(result.hostedUsdPer1kRequests);
    expect(result.breakEvenRequestsPerMonth).toBe('never');
    expect(result.gpusAtBreakEven).toBe(0);
  });

  it('slower measured throughput means a later break-even, down to never', () => {
    const fast = breakEven(input({}, { fixedMonthlyUsd: 6_000 }));
    const slow = breakEven(input({}, { fixedMonthlyUsd: 6_000, outputTokensPerSecond: 40 }));
    expect(slow.breakEvenRequestsPerMonth as number).toBeGreaterThan(fast.breakEvenRequestsPerMonth as number);
    expect(breakEven(input({}, { outputTokensPerSecond: 5 })).breakEvenRequestsPerMonth).toBe('never');
  });
});

describe('DoD-4 break-even: bad input gets a one-line error naming the field', () => {
  it.each([
    [{}, { gpuUsdPerHour: 0 }, /gpuUsdPerHour/],
    [{}, { outputTokensPerSecond: Number.NaN }, /outputTokensPerSecond/],
    [{}, { utilisation: 1.5 }, /utilisation/],
    [{ hosted: { provider: 'acme', model: 'unknown' } }, {}, /acme\/unknown.*price table/],
  ])('%j %j', (overrides, selfHosted, message) => {
    expect(() => breakEven(input(overrides, selfHosted))).toThrow(InvalidInputError);
    expect(() => breakEven(input(overrides, selfHosted))).toThrow(message);
  });
});
