import { imageCost } from '@lab/cost.ts';
import { describeImages } from '@lab/describe.ts';
import { isMediaError } from '@lab/errors.ts';
import { planImage } from '@lab/planner.ts';
import { MEDIA_PRICES, type MediaPriceTable } from '@lab/prices.ts';
import { IMAGE_TASKS } from '@lab/tasks.ts';
import { OpenAIVision } from '@lab/vision.ts';
import { expectMetric, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type ImageScore, KPI_MODEL, loadImages, scoreImagePlans, IMAGE_TARGETS as T } from './support/kpis.ts';
import { decodeImage, imageParts, photo } from './support/media.ts';

const network = useMockNetwork();
const rows = loadImages('test');
const DEV_REPORT = 'calibrate on dev: node labs/11-multimodal/src/dev-report.ts 1';

// The split is scored once per file: the tests below read the same outcomes.
let scored: ImageScore | undefined;
const score = () => {
  scored ??= scoreImagePlans(rows, planImage);
  return scored;
};

/** Counts per task, e.g. `read_text ×3`, without showing test rows. */
function byTask(outcomes: ImageScore['outcomes']): string {
  const counts = new Map<string, number>();
  for (const { row } of outcomes) counts.set(row.task, (counts.get(row.task) ?? 0) + 1);
  return [...counts].map(([task, n]) => `${task} ×${n}`).join(', ') || 'none';
}

describe(`DoD-1 resize and detail, measured on the ${rows.length} test images (${KPI_MODEL.model})`, () => {
  it(`keeps the detail each task needs readable on at least ${T.legible} of the images that can be made readable`, () => {
    const { legibleShare, legible, feasible, outcomes } = score();
    const failed = outcomes.find((o) => typeof o.plan === 'string');
    expectMetric(
      { name: 'readable', value: legibleShare, target: `>= ${T.legible}`, unit: 'ratio' },
      `${legible} of ${feasible}; unreadable: ${byTask(outcomes.filter((o) => o.feasible && !o.legible))}${failed ? `; a plan failed: ${failed.plan}` : ''}; ${DEV_REPORT}`,
    );
  });

  it(`costs at most $${T.meanCostUsd} per image on average`, () => {
    const { meanCostUsd } = score();
    expectMetric(
      { name: 'mean cost', value: meanCostUsd, target: `<= ${T.meanCostUsd}`, unit: 'usd' },
      `over the ${rows.length - score().refused} test images with a plan; ${DEV_REPORT}`,
    );
  });

  it(`plans every image within $${T.maxCostUsd}, never enlarges one, and prices it by the table`, () => {
    const { outcomes, refused, overBudget, invalid } = score();
    const wrong = outcomes.filter((o) => typeof o.plan === 'string' || o.invalid || o.costUsd > T.maxCostUsd);
    const first = wrong[0];
    const why =
      typeof first?.plan === 'string'
        ? first.plan
        : (first?.invalid ?? `$${first?.costUsd} for ${first?.row.width}×${first?.row.height}`);
    expectMetric(
      { name: 'images without a valid plan', value: refused + overBudget + invalid, target: '== 0', unit: 'count' },
      `${byTask(wrong)}; first: ${why}`,
    );
  });
});

const size = fc.record({ width: fc.integer({ min: 16, max: 6000 }), height: fc.integer({ min: 16, max: 6000 }) });
const models = ['gpt-4o', 'gpt-4.1', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1-nano'];

describe('DoD-1 properties of a plan, on any image, model and budget', () => {
  it('sends no more pixels than the model looks at, keeps the shape, and stays within the budget it was given', () => {
    fc.assert(
      fc.property(
        size,
        fc.constantFrom(...IMAGE_TASKS),
        fc.constantFrom(...models),
        fc.double({ min: 0.0002, max: 0.02, noNaN: true }),
        ({ width, height }, task, model, maxCostUsd) => {
          const ref = { provider: 'openai', model };
          let plan: ReturnType<typeof planImage>;
          try {
            plan = planImage({ width, height }, task, { ...ref, maxCostUsd });
          } catch (error) {
            expect(isMediaError(error) && error.kind, String(error)).toBe('over_budget');
            return;
          }
          const seen = imageCost(plan, plan.detail, ref);
          const what = `${width}×${height} ${task} on ${model} at $${maxCostUsd}: ${plan.width}×${plan.height} ${plan.detail}`;
          expect([seen.width, seen.height], `${what} is downscaled again by the provider`).toEqual([
            plan.width,
            plan.height,
          ]);
          expect(plan.width <= width && plan.height <= height, `${what} is enlarged`).toBe(true);
          // Same shape within two pixels of rounding (the patch rule floors its sizes).
          expect(Math.abs(plan.width * height - plan.height * width), `${what} changes the shape`).toBeLessThanOrEqual(
            2 * Math.max(width, height),
          );
          expect(plan.costUsd, `${what} is over budget`).toBeLessThanOrEqual(maxCostUsd);
          expect([plan.tokens, plan.costUsd], `${what} is not priced by the table`).toEqual([seen.tokens, seen.usd]);
        },
      ),
    );
  });

  it('reads prices from the table it is given: ten times dearer, plans shrink or are refused', () => {
    const dear: MediaPriceTable = structuredClone(MEDIA_PRICES);
    for (const entry of dear.vision) entry.inputPerMTok *= 10;
    let changed = 0;
    for (const row of rows) {
      const options = { ...KPI_MODEL, maxCostUsd: T.maxCostUsd };
      const normal = planImage(row, row.task, options);
      try {
        const plan = planImage(row, row.task, { ...options, table: dear });
        expect(plan.costUsd).toBeLessThanOrEqual(T.maxCostUsd);
        expect(plan.costUsd).toBeCloseTo(imageCost(plan, plan.detail, KPI_MODEL, dear).usd, 12);
        if (plan.width !== normal.width || plan.detail !== normal.detail) changed += 1;
      } catch (error) {
        expect(isMediaError(error) && error.kind, String(error)).toBe('over_budget');
        changed += 1;
      }
    }
    expect(changed, 'no plan changed when every price went up tenfold').toBeGreaterThan(0);
  });

  it('refuses an image no plan can send within the budget, with one line', () => {
    const error = (() => {
      try {
        return planImage({ width: 1200, height: 900 }, 'identify_item', { ...KPI_MODEL, maxCostUsd: 0.00001 });
      } catch (e) {
        return e;
      }
    })();
    expect(isMediaError(error) && error.kind, `expected an over_budget MediaError, got ${String(error)}`).toBe(
      'over_budget',
    );
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('DoD-1 end to end: the plan is what reaches the API', () => {
  it('sends each image at the planned size and detail, without its metadata', async () => {
    network.openai.script({ content: 'An order page with an error banner.' }, { content: 'A green tent.' });
    const vision = new OpenAIVision({ apiKey: 'sk-test', model: 'gpt-4o' });
    const screenshot = await photo({ width: 600, height: 1300 });
    const tent = await photo({ width: 800, height: 600 });
    const outcomes = [
      ...(await describeImages([{ name: 'screen.jpg', bytes: screenshot }], {
        vision,
        task: 'read_screen',
        maxCostUsd: T.maxCostUsd,
      })),
      ...(await describeImages([{ name: 'tent.jpg', bytes: tent }], {
        vision,
        task: 'identify_item',
        maxCostUsd: T.maxCostUsd,
      })),
    ];
    const requests = network.openai.chatRequests;
    expect(
      outcomes.map((o) => o.ok),
      JSON.stringify(outcomes.map((o) => (o.ok ? o.plan : o.error))),
    ).toEqual([true, true]);
    expect(requests).toHaveLength(2);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok) continue;
      const [part] = imageParts(requests[i]);
      expect(part?.detail).toBe(outcome.plan.detail);
      const sent = await sharp(decodeImage(part?.url ?? '')).metadata();
      expect([sent.width, sent.height]).toEqual([outcome.plan.width, outcome.plan.height]);
      expect(sent.exif).toBeUndefined();
    }
  });
});
