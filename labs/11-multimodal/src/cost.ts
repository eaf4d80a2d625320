/**
 * What an image or a stretch of audio costs, from the rules and prices in `media-prices.json`:
 * OpenAI's documented image-token arithmetic (tiles or patches), and audio per minute or per token.
 */
import {
  findAudioPrice,
  findVisionPrice,
  MEDIA_PRICES,
  type MediaPriceTable,
  type ModelRef,
  type VisionRule,
} from './prices.ts';

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
  if (!(size.width >= 1 && size.height >= 1)) {
    throw new Error(`imageTokens: width and height must be at least 1 px, got ${size.width}×${size.height}`);
  }
  switch (rule.kind) {
    case 'tile': {
      if (detail === 'low') return { tokens: rule.baseTokens, ...fitInside(size, 512) };
      let processed = fitInside(size, 2048);
      const shortest = Math.min(processed.width, processed.height);
      if (shortest > 768) processed = scale(processed, 768 / shortest);
      const tiles = Math.ceil(processed.width / 512) * Math.ceil(processed.height / 512);
      return { tokens: rule.baseTokens + rule.tileTokens * tiles, ...processed, tiles };
    }
    case 'patch': {
      const p = rule.patchSize;
      const count = (s: Size) => Math.ceil(s.width / p) * Math.ceil(s.height / p);
      let processed: Size = { ...size };
      let patches = count(size);
      if (patches > rule.maxPatches) {
        // Step 1: scale the area down to the cap. Step 2: shrink a little more so whole patches fit each side.
        const shrink = Math.sqrt((p * p * rule.maxPatches) / (size.width * size.height));
        const w = (size.width * shrink) / p;
        const h = (size.height * shrink) / p;
        const adjusted = shrink * Math.min(Math.floor(w) / w, Math.floor(h) / h);
        // Whole pixels, truncated as in OpenAI's worked example (1800×2400 → 1056×1408 → 1452 patches).
        processed = {
          width: Math.max(1, Math.floor(size.width * adjusted)),
          height: Math.max(1, Math.floor(size.height * adjusted)),
        };
        patches = Math.min(rule.maxPatches, count(processed));
      }
      return { tokens: Math.ceil(patches * rule.multiplier), ...processed, patches };
    }
    case 'fixed':
      return { tokens: rule.tokens, ...fitInside(size, rule.maxSide) };
  }
}

/** Tokens and dollars for one image. */
export interface ImageCost extends ImageTokens {
  /** US dollars for the image's input tokens. */
  usd: number;
}

/** The cost of one image for a model in the price table (an unknown model throws `unknown_model`). */
export function imageCost(size: Size, detail: Detail, ref: ModelRef, table: MediaPriceTable = MEDIA_PRICES): ImageCost {
  const price = findVisionPrice(ref, table);
  const tokens = imageTokens(size, detail, price.rule);
  return { ...tokens, usd: (tokens.tokens * price.inputPerMTok) / 1_000_000 };
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
  if (!(durationSeconds >= 0))
    throw new Error(`audioCost: duration must be a non-negative number, got ${durationSeconds}`);
  const price = findAudioPrice(ref, table);
  if (price.basis === 'minute') return { basis: 'minute', usd: (durationSeconds / 60) * price.perMinute };
  const inputTokens = Math.ceil(durationSeconds * price.audioTokensPerSecond);
  const outputTokens = Math.ceil((durationSeconds / 60) * price.outputTokensPerMinute);
  const usd = (inputTokens * price.audioInputPerMTok + outputTokens * price.textOutputPerMTok) / 1_000_000;
  return { basis: 'token', usd, inputTokens, outputTokens };
}
