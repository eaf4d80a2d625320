/**
 * The cost planner: the best-looking way to send an image that stays within a per-request budget.
 * Candidates go from most detail to least; the first one that fits wins.
 */
import type { Detail, Size } from './cost.ts';
import type { MediaPriceTable, ModelRef } from './prices.ts';

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
  // TODO: build candidates from most to least detail, return the first whose cost fits:
  //   1. high detail at the size the provider processes: `imageCost(size, 'high', options, table)`
  //      returns it as width/height (e.g. 4000×3000 → 1024×768 on gpt-4o).
  //   2. high detail at `fitInside(size, side)` for each side of STEP_SIDES smaller than that size's longest side.
  //   3. if the model's rule (findVisionPrice) is a tile rule and allowLowDetail !== false:
  //      low detail at fitInside(size, 512).
  //   Skip candidates whose shortest side < minShortSide (except the first). For each, price it with
  //   imageCost(candidate, detail, options, table); `resized` = smaller than the original.
  //   None fits → `new MediaError('over_budget', `${provider}/${model}`, …)` naming the budget and the
  //   cheapest plan (its size, detail, tokens and dollars) — the word "cheapest" included.
  throw new Error(
    `TODO: planImage (src/planner.ts) — plan ${size.width}×${size.height} for ${options.provider}/${options.model} within $${options.maxCostUsd}`,
  );
}
