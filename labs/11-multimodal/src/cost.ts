/**
 * What an image or a stretch of audio costs, from the rules and prices in `media-prices.json`:
 * OpenAI's documented image-token arithmetic (tiles or patches), and audio per minute or per token.
 */
import { MEDIA_PRICES, type MediaPriceTable, type ModelRef, type VisionRule } from './prices.ts';

/** Image size in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** `low`: one fixed-cost look at a 512-px thumbnail. `high`: tiles or patches over the whole image. */
export type Detail = 'low' | 'high';

/** How a model sees one image. */
export interface ImageTokens {
  /** Tokens billed for the image. */
  tokens: number;
  /** Width the provider processes after its own downscaling. */
  width: number;
  /** Height the provider processes. */
  height: number;
  /** 512-px tiles (tile rule, high detail). */
  tiles?: number;
  /** 32-px patches after the cap (patch rule). */
  patches?: number;
}

/** Scales `size` by `factor`, never below 1 px. */
function scale(size: Size, factor: number): Size {
  return { width: Math.max(1, Math.round(size.width * factor)), height: Math.max(1, Math.round(size.height * factor)) };
}

/** Fits `size` inside a `side × side` square (never enlarges). */
export function fitInside(size: Size, side: number): Size {
  const factor = Math.min(1, side / size.width, side / size.height);
  return factor < 1 ? scale(size, factor) : { ...size };
}

/**
 * Tokens for one image under a model's rule.
 * - tile, low: `baseTokens`, whatever the size (the model sees a 512-px thumbnail).
 * - tile, high: fit within 2048×2048, then scale the shortest side down to 768, then
 *   `baseTokens + tileTokens × ceil(w/512) × ceil(h/512)`.
 * - patch: `ceil(w/32) × ceil(h/32)` patches; above `maxPatches` the image is first scaled so it
 *   fits (OpenAI's documented two-step shrink), then tokens = `ceil(patches × multiplier)`.
 *   `detail` does not change the count.
 * - fixed: `tokens` per image.
 */
export function imageTokens(size: Size, detail: Detail, rule: VisionRule): ImageTokens {
  // TODO: a `switch (rule.kind)`; return the tokens AND the size the provider processes.
  //   tile:  low → { tokens: baseTokens, ...fitInside(size, 512) }.
  //          high → p = fitInside(size, 2048); if its shortest side > 768, scale(p, 768 / shortest);
  //          tiles = ceil(w/512) × ceil(h/512); tokens = baseTokens + tileTokens × tiles (return `tiles` too).
  //   patch: patches = ceil(w/32) × ceil(h/32). Over maxPatches: shrink = sqrt(32² × maxPatches / (w × h));
  //          then shrink a bit more so whole patches fit: adjusted = shrink × min(floor(w')/w', floor(h')/h')
  //          with w' = w × shrink / 32 (same for h); processed size = floor(w × adjusted) × floor(h × adjusted);
  //          patches = min(maxPatches, count(processed)). tokens = ceil(patches × multiplier) (return `patches`).
  //   fixed: { tokens: rule.tokens, ...fitInside(size, rule.maxSide) }.
  //   Check: 1024² high on a tile rule is 765 tokens; 1800×2400 on a patch rule is 1452 patches.
  throw new Error(
    `TODO: imageTokens (src/cost.ts) — count ${rule.kind} tokens for ${size.width}×${size.height} at ${detail} detail`,
  );
}

/** Tokens and dollars for one image. */
export interface ImageCost extends ImageTokens {
  /** US dollars for the image's input tokens. */
  usd: number;
}

/** The cost of one image for a model in the price table (an unknown model throws `unknown_model`). */
export function imageCost(size: Size, detail: Detail, ref: ModelRef, table: MediaPriceTable = MEDIA_PRICES): ImageCost {
  // TODO: `findVisionPrice(ref, table)` (src/prices.ts, throws unknown_model for you), then
  //   `imageTokens(size, detail, price.rule)` and usd = tokens × inputPerMTok / 1 000 000.
  throw new Error(
    `TODO: imageCost (src/cost.ts) — price ${size.width}×${size.height} at ${detail} detail for ${ref.provider}/${ref.model} (${table.vision.length} entries)`,
  );
}

/** The estimated cost of transcribing audio. */
export interface AudioCost {
  /** US dollars. */
  usd: number;
  /** How the model bills: per minute (billed per second) or per token. */
  basis: 'minute' | 'token';
  /** Estimated audio input tokens (token basis only). */
  inputTokens?: number;
  /** Estimated transcript tokens (token basis only). */
  outputTokens?: number;
}

/** The estimated cost of transcribing `durationSeconds` of audio with a model in the price table. */
export function audioCost(durationSeconds: number, ref: ModelRef, table: MediaPriceTable = MEDIA_PRICES): AudioCost {
  // TODO: `findAudioPrice(ref, table)`, then by `price.basis`:
  //   minute → usd = durationSeconds / 60 × perMinute (billed per second, so no rounding up to minutes);
  //   token  → inputTokens = ceil(seconds × audioTokensPerSecond), outputTokens = ceil(seconds / 60 ×
  //            outputTokensPerMinute), usd = (input × audioInputPerMTok + output × textOutputPerMTok) / 1e6.
  throw new Error(
    `TODO: audioCost (src/cost.ts) — price ${durationSeconds} s for ${ref.provider}/${ref.model} (${table.audio.length} entries)`,
  );
}
