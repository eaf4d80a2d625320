/**
 * What one vision request with N video frames costs in tokens, dollars and time, from the price
 * table. Frames go at low detail, fitted inside 512 px: a low-detail image is a fixed price, and
 * the model looks at a 512-px thumbnail whatever you send. Given code: the same in the starter.
 */
import { type Detail, fitInside, imageCost, type Size } from './cost.ts';
import { MediaError } from './errors.ts';
import { findVisionPrice, MEDIA_PRICES, type MediaPriceTable, type ModelRef } from './prices.ts';

/** Detail every frame is sent with. */
export const FRAME_DETAIL: Detail = 'low';

/** Longest side of a frame as sent, in pixels. */
export const FRAME_SIDE = 512;

/** Input tokens of the request besides the frames: the instruction and one timestamp line per frame. */
export const PROMPT_TOKENS = { base: 120, perFrame: 8 } as const;

/** The most one video request may spend. */
export interface FrameBudget {
  /** Input tokens (frames and prompt). */
  maxTokens: number;
  /** Estimated milliseconds until the answer starts. */
  maxLatencyMs: number;
}

/** The estimate for one request with `frames` frames. */
export interface FrameRequestEstimate {
  frames: number;
  /** Input tokens, frames and prompt. */
  tokens: number;
  /** US dollars of input. */
  usd: number;
  /** Estimated milliseconds to the first token. */
  latencyMs: number;
}

/** The size a frame of a `video`-sized picture is sent at. */
export function frameSize(video: Size): Size {
  return fitInside(video, FRAME_SIDE);
}

/**
 * Tokens, dollars and latency of one request carrying `frames` frames of size `frame`, for a
 * model in the price table (which must have a `latency` entry).
 */
export function estimateFrameRequest(
  frames: number,
  frame: Size,
  model: ModelRef,
  table: MediaPriceTable = MEDIA_PRICES,
): FrameRequestEstimate {
  if (!(Number.isInteger(frames) && frames >= 0)) {
    throw new Error(`estimateFrameRequest: frames must be a whole number, got ${frames}`);
  }
  const price = findVisionPrice(model, table);
  if (!price.latency) {
    throw new MediaError(
      'unknown_model',
      `${model.provider}/${model.model}`,
      'no latency entry in the media price table',
    );
  }
  const perFrame = imageCost(frame, FRAME_DETAIL, model, table).tokens;
  const tokens = PROMPT_TOKENS.base + frames * (perFrame + PROMPT_TOKENS.perFrame);
  const { baseMs, perImageMs, perInputTokenMs } = price.latency;
  return {
    frames,
    tokens,
    usd: (tokens * price.inputPerMTok) / 1_000_000,
    latencyMs: baseMs + frames * perImageMs + tokens * perInputTokenMs,
  };
}

/**
 * The most frames one request may carry within both limits of `budget` (0 when not even one fits).
 * Counting frames is arithmetic, not the decision: where they go is (`planFrames`).
 */
export function maxFramesWithin(
  budget: FrameBudget,
  frame: Size,
  model: ModelRef,
  table: MediaPriceTable = MEDIA_PRICES,
): number {
  let frames = 0;
  for (;;) {
    const next = estimateFrameRequest(frames + 1, frame, model, table);
    if (next.tokens > budget.maxTokens || next.latencyMs > budget.maxLatencyMs) return frames;
    frames += 1;
  }
}
