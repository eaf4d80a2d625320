/**
 * The resize-and-detail decision for one image: what to send so that the detail the task needs
 * stays readable where the model looks, at a price the desk can pay.
 */
import { type Detail, fitInside, imageCost, type Size } from './cost.ts';
import { MediaError } from './errors.ts';
import type { MediaPriceTable, ModelRef } from './prices.ts';
import type { ImageTask } from './tasks.ts';

/** Options of `planImage`. */
export interface PlanOptions extends ModelRef {
  /** Most US dollars this image may cost. */
  maxCostUsd: number;
  /** Price table. Default: the lab's `media-prices.json`. */
  table?: MediaPriceTable;
}

/** How to send one image. */
export interface ImagePlan {
  /** Width to resize to before sending (never more than the original). */
  width: number;
  /** Height to resize to. */
  height: number;
  /** Detail to ask for. */
  detail: Detail;
  /** Image tokens, from the price table's rule. */
  tokens: number;
  /** US dollars, from the price table. */
  costUsd: number;
}

/**
 * The short side each task needs the model to see (dev split, gpt-4o: see the solution README).
 * Products and most defects show at low detail; a screenshot's text needs 512 px; receipts and
 * scans need all the provider will look at (768 px).
 */
const SHORT_SIDE: Readonly<Record<ImageTask, number | 'low'>> = {
  identify_item: 'low',
  check_damage: 'low',
  read_screen: 512,
  read_text: 768,
};

/** `size` scaled so its short side is `side` at most (never enlarged). */
function withShortSide(size: Size, side: number): Size {
  const factor = Math.min(1, side / Math.min(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * factor)), height: Math.max(1, Math.round(size.height * factor)) };
}

/**
 * Chooses size and detail for one image: the task's size first, then cheaper ones, the first
 * within `maxCostUsd`. Each is sent at the size the model will process, never larger: more
 * pixels than that cost upload time and buy nothing. Throws `over_budget` when none fits.
 */
export function planImage(size: Size, task: ImageTask, options: PlanOptions): ImagePlan {
  const want = SHORT_SIDE[task];
  const candidates: [Size, Detail][] =
    want === 'low'
      ? []
      : [
          [withShortSide(size, want), 'high'],
          [withShortSide(size, 384), 'high'],
        ];
  candidates.push([fitInside(size, 512), 'low']);
  let cheapest: ImagePlan | undefined;
  for (const [target, detail] of candidates) {
    const cost = imageCost(target, detail, options, options.table);
    const plan = { width: cost.width, height: cost.height, detail, tokens: cost.tokens, costUsd: cost.usd };
    if (plan.costUsd <= options.maxCostUsd) return plan;
    if (!cheapest || plan.costUsd < cheapest.costUsd) cheapest = plan;
  }
  throw new MediaError(
    'over_budget',
    `${options.provider}/${options.model}`,
    `no plan for a ${size.width}×${size.height} image fits $${options.maxCostUsd}: the cheapest costs $${cheapest?.costUsd.toFixed(6)}`,
  );
}
