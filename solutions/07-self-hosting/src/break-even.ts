/**
 * DoD-4 — When does a GPU of your own beat a per-token API? Cost per 1,000 requests on both
 * sides and the monthly volume where self-hosting starts to win.
 */
import { DEFAULT_PRICES, findPrice } from '@workshop/llm';
import { InvalidInputError } from './errors.ts';
import type { BreakEvenInput, BreakEvenResult } from './types.ts';

/** Always on: 24 × 365 / 12. */
export const HOURS_PER_MONTH = 730;
/** Share of paid GPU hours spent serving when the caller does not say. */
export const DEFAULT_UTILISATION = 0.5;

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidInputError(`${field} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidInputError(`${field} must be zero or a positive number, got ${value}`);
  return value;
}

/**
 * Compares the hosted API (price table) with self-hosting (GPU price, measured throughput,
 * assumed utilisation). The self-hosted fleet is whole, always-on GPUs: below break-even a GPU
 * idles while you pay for it; the fixed monthly cost is paid once, however many GPUs.
 */
export function breakEven(input: BreakEvenInput): BreakEvenResult {
  const { request, selfHosted } = input;
  const inputTokens = nonNegative(request.inputTokens, 'request.inputTokens');
  const outputTokens = nonNegative(request.outputTokens, 'request.outputTokens');
  if (inputTokens + outputTokens === 0)
    throw new InvalidInputError('request has no tokens: set inputTokens or outputTokens');
  const gpuUsdPerHour = positive(selfHosted.gpuUsdPerHour, 'selfHosted.gpuUsdPerHour');
  const outTps = positive(selfHosted.outputTokensPerSecond, 'selfHosted.outputTokensPerSecond');
  const inTps = positive(selfHosted.inputTokensPerSecond, 'selfHosted.inputTokensPerSecond');
  const utilisation = positive(selfHosted.utilisation ?? DEFAULT_UTILISATION, 'selfHosted.utilisation');
  if (utilisation > 1) throw new InvalidInputError(`selfHosted.utilisation must be at most 1, got ${utilisation}`);
  const fixedMonthlyUsd = nonNegative(selfHosted.fixedMonthlyUsd ?? 0, 'selfHosted.fixedMonthlyUsd');
  const hours = positive(input.hoursPerMonth ?? HOURS_PER_MONTH, 'hoursPerMonth');

  const price = findPrice(input.hosted.provider, input.hosted.model, input.prices ?? DEFAULT_PRICES);
  if (!price) {
    throw new InvalidInputError(
      `hosted model ${input.hosted.provider}/${input.hosted.model} is not in the price table: add it or pass prices`,
    );
  }
  const hostedPerRequest = (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;

  const gpuSecondsPerRequest = inputTokens / inTps + outputTokens / outTps;
  // Idle time is paid for too: a request costs its GPU-seconds divided by the busy share.
  const selfPerRequest = (gpuSecondsPerRequest / utilisation) * (gpuUsdPerHour / 3600);
  const requestsPerGpuMonth = (hours * 3600 * utilisation) / gpuSecondsPerRequest;
  const gpuMonthUsd = gpuUsdPerHour * hours;

  const result = {
    hostedUsdPer1kRequests: hostedPerRequest * 1000,
    selfHostedUsdPer1kRequests: selfPerRequest * 1000,
    gpuSecondsPerRequest,
    requestsPerGpuMonth,
  };
  // Per request, a busy GPU must undercut the API, or no volume ever pays off.
  if (selfPerRequest >= hostedPerRequest) return { ...result, breakEvenRequestsPerMonth: 'never', gpusAtBreakEven: 0 };
  // n GPUs win from (n·G + F) / h requests, provided they can serve that many (n·capacity):
  // n ≥ F / (capacity·h − G). The smallest such n gives the break-even volume.
  const marginPerGpu = requestsPerGpuMonth * hostedPerRequest - gpuMonthUsd;
  const gpus = Math.max(1, roundUp(fixedMonthlyUsd / marginPerGpu));
  return {
    ...result,
    breakEvenRequestsPerMonth: roundUp((gpus * gpuMonthUsd + fixedMonthlyUsd) / hostedPerRequest),
    gpusAtBreakEven: gpus,
  };
}

/** Rounds up, ignoring float noise: 1460 / 0.008 must be 182,500, not 182,501. */
function roundUp(value: number): number {
  return Math.ceil(Number(value.toPrecision(12)));
}
