/**
 * The cost planner: the best-looking way to send an image that stays within a per-request budget.
 * Candidates go from most detail to least; the first one that fits wins.
 */
import { type Detail, fitInside, imageCost, type Size } from './cost.ts';
import { MediaError } from './errors.ts';
import { findVisionPrice, MEDIA_PRICES, type MediaPriceTable, type ModelRef } from './prices.ts';

/** Longest sides tried, largest first, when the full-detail image is over budget. */
export const STEP_SIDES: readonly number[] = [2048, 1536, 1024, 768, 512, 384, 256];

/** Options of `planImage`. */
export interface PlanOptions extends ModelRef {
  /** Most US dollars this image may cost. */
  maxCostUsd: number;
  /**
   * Whether `detail: 'low'` can be sent. Default true. `@workshop/llm`'s `UserMessage.images`
   * has no per-image detail field (the API then uses `auto`), so its pipelines pass false.
   */
  allowLowDetail?: boolean;
  /** Smallest acceptable shortest side in pixels (a quality floor). Default 1. */
  minShortSide?: number;
  /** Price table. Default: the lab's `media-prices.json`. */
  table?: MediaPriceTable;
}

/** How to send one image. */
export interface ImagePlan {
  /** Width to resize to before sending (the image is never enlarged). */
  width: number;
  /** Height to resize to. */
  height: number;
  /** Detail to ask for. */
  detail: Detail;
  /** Estimated image tokens. */
  tokens: number;
  /** Estimated US dollars. */
  costUsd: number;
  /** Whether the plan sends fewer pixels than the original. */
  resized: boolean;
}

/**
 * Chooses size and detail for one image within `maxCostUsd`. The first candidate is the size the
 * provider would process anyway (sending more pixels buys nothing but upload time); then smaller
 * high-detail sizes; then low detail. Throws `over_budget` naming the cheapest plan when none fits.
 */
export function planImage(size: Size, options: PlanOptions): ImagePlan {
  const table = options.table ?? MEDIA_PRICES;
  const { rule } = findVisionPrice(options, table);
  const minShortSide = options.minShortSide ?? 1;
  const fullHigh = imageCost(size, 'high', options, table);
  const candidates: { size: Size; detail: Detail }[] = [
    { size: { width: fullHigh.width, height: fullHigh.height }, detail: 'high' },
  ];
  const longest = Math.max(fullHigh.width, fullHigh.height);
  for (const side of STEP_SIDES) {
    if (side < longest) candidates.push({ size: fitInside(size, side), detail: 'high' });
  }
  if (rule.kind === 'tile' && options.allowLowDetail !== false) {
    // Low detail sees a 512-px thumbnail: send no more than that.
    candidates.push({ size: fitInside(size, 512), detail: 'low' });
  }

  let cheapest: ImagePlan | undefined;
  for (const candidate of candidates) {
    if (Math.min(candidate.size.width, candidate.size.height) < minShortSide && candidate !== candidates[0]) continue;
    const cost = imageCost(candidate.size, candidate.detail, options, table);
    const plan: ImagePlan = {
      ...candidate.size,
      detail: candidate.detail,
      tokens: cost.tokens,
      costUsd: cost.usd,
      resized: candidate.size.width < size.width || candidate.size.height < size.height,
    };
    if (plan.costUsd <= options.maxCostUsd) return plan;
    if (!cheapest || plan.costUsd < cheapest.costUsd) cheapest = plan;
  }
  const best = cheapest as ImagePlan;
  throw new MediaError(
    'over_budget',
    `${options.provider}/${options.model}`,
    `no plan for a ${size.width}×${size.height} image fits $${options.maxCostUsd}: the cheapest is ${best.width}×${best.height} ${best.detail} detail, ${best.tokens} tokens, $${best.costUsd.toFixed(6)}`,
  );
}
