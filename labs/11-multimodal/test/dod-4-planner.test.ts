import { imageCost } from '@lab/cost.ts';
import { isMediaError } from '@lab/errors.ts';
import { planImage } from '@lab/planner.ts';
import { describe, expect, it } from 'vitest';

const gpt4o = { provider: 'openai', model: 'gpt-4o' };
const photo = { width: 4000, height: 3000 };

describe('DoD-4 the planner chooses resize and detail to stay within a per-request budget', () => {
  it('with room in the budget, sends high detail at the size the provider would process anyway', () => {
    const plan = planImage(photo, { ...gpt4o, maxCostUsd: 0.01 });
    // 4000×3000 → fit 2048² → 2048×1536 → shortest side 768 → 1024×768: 2×2 tiles.
    expect(plan).toMatchObject({ detail: 'high', width: 1024, height: 768, tokens: 765, resized: true });
    expect(plan.costUsd).toBeCloseTo(765 * 2.5e-6, 12);
  });

  it('when full detail is over budget, steps the size down and keeps high detail while it fits', () => {
    const plan = planImage(photo, { ...gpt4o, maxCostUsd: 0.001 });
    expect(plan).toMatchObject({ detail: 'high', width: 512, height: 384, tokens: 255 });
    expect(plan.costUsd).toBeLessThanOrEqual(0.001);
  });

  it('falls back to low detail with a 512-px thumbnail, and refuses when nothing fits', () => {
    const low = planImage(photo, { ...gpt4o, maxCostUsd: 0.0003 });
    expect(low).toMatchObject({ detail: 'low', tokens: 85 });
    expect(Math.max(low.width, low.height)).toBeLessThanOrEqual(512);
    // Without low detail (the chat adapters cannot send it), the same budget cannot be met.
    const error = (() => {
      try {
        planImage(photo, { ...gpt4o, maxCostUsd: 0.0003, allowLowDetail: false });
      } catch (e) {
        return e;
      }
    })();
    expect(isMediaError(error) && error.kind).toBe('over_budget');
    expect((error as Error).message).toMatch(/0\.0003/);
    expect((error as Error).message).toMatch(/cheapest/);
  });

  it('patch models are planned by size alone (detail does not lower their count)', () => {
    const mini = { provider: 'openai', model: 'gpt-4.1-mini' };
    const plan = planImage(photo, { ...mini, maxCostUsd: 0.0003 });
    expect(plan.detail).toBe('high');
    expect(plan.costUsd).toBeLessThanOrEqual(0.0003);
    expect([plan.width, plan.height]).toEqual([768, 576]); // the largest step that fits
    expect(imageCost({ width: 1024, height: 768 }, 'high', mini).usd).toBeGreaterThan(0.0003);
  });

  it('never enlarges a small image, and every plan costs what imageCost says', () => {
    const small = planImage({ width: 300, height: 200 }, { ...gpt4o, maxCostUsd: 0.01 });
    expect(small).toMatchObject({ width: 300, height: 200, resized: false, tokens: 255 });
    for (const maxCostUsd of [0.01, 0.001, 0.0003]) {
      const plan = planImage(photo, { ...gpt4o, maxCostUsd });
      expect(plan.costUsd).toBe(imageCost(plan, plan.detail, gpt4o).usd);
    }
  });
});
