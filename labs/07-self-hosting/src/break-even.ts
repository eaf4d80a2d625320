/**
 * DoD-4 — When does a GPU of your own beat a per-token API? Cost per 1,000 requests on both
 * sides and the monthly volume where self-hosting starts to win.
 */
import type { BreakEvenInput, BreakEvenResult } from './types.ts';

/** Always on: 24 × 365 / 12. */
export const HOURS_PER_MONTH = 730;
/** Share of paid GPU hours spent serving when the caller does not say. */
export const DEFAULT_UTILISATION = 0.5;

/**
 * Compares the hosted API (price table) with self-hosting (GPU price, measured throughput,
 * assumed utilisation). The self-hosted fleet is whole, always-on GPUs: below break-even a GPU
 * idles while you pay for it; the fixed monthly cost is paid once, however many GPUs.
 */
export function breakEven(input: BreakEvenInput): BreakEvenResult {
  // TODO: validate: gpuUsdPerHour, both throughputs and utilisation must be finite and > 0
  //   (utilisation also <= 1), token counts and fixedMonthlyUsd >= 0; otherwise
  //   throw new InvalidInputError('selfHosted.gpuUsdPerHour must be a positive number, got 0') (from './errors.ts').
  // TODO: hosted price per request from `findPrice(provider, model, input.prices ?? DEFAULT_PRICES)`
  //   (from '@workshop/llm'; prices are USD per 1M tokens). Not found → InvalidInputError naming
  //   `provider/model` and "price table".
  // TODO: gpuSecondsPerRequest = inputTokens / inputTokensPerSecond + outputTokens / outputTokensPerSecond;
  //   self-hosted per request = gpuSeconds / utilisation × gpuUsdPerHour / 3600;
  //   requestsPerGpuMonth = hoursPerMonth × 3600 × utilisation / gpuSeconds (hoursPerMonth default HOURS_PER_MONTH).
  // TODO: break-even: 'never' (and 0 GPUs) when self-hosted per request >= hosted per request. Otherwise
  //   G = gpuUsdPerHour × hours, F = fixedMonthlyUsd, margin = requestsPerGpuMonth × hostedPerRequest − G,
  //   gpus = max(1, ceil(F / margin)), volume = ceil((gpus × G + F) / hostedPerRequest).
  //   Round up with Math.ceil(Number(x.toPrecision(12))) so float noise does not add a request.
  throw new Error(`TODO: breakEven for ${input.hosted.provider}/${input.hosted.model} — see src/break-even.ts`);
}
