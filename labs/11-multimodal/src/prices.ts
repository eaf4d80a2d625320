/**
 * The media price table (`media-prices.json`): how each model counts image tokens and prices
 * audio. Kept as data so a price change is a reviewed diff with a source and a date, never code.
 */
import { z } from 'zod';
import { MediaError } from './errors.ts';
import defaultTable from './media-prices.json' with { type: 'json' };

/** OpenAI's tile rule (GPT-4o, GPT-4.1, o-series): 512-px tiles after fitting 2048² and a 768-px short side. */
export interface TileRule {
  kind: 'tile';
  /** Tokens every image costs (and all a low-detail image costs). */
  baseTokens: number;
  /** Tokens per 512×512 tile in high detail. */
  tileTokens: number;
}

/** OpenAI's patch rule (GPT-4.1-mini/nano, GPT-5-mini, o4-mini): 32-px patches, capped, times a multiplier. */
export interface PatchRule {
  kind: 'patch';
  /** Side of a patch in pixels (32). */
  patchSize: number;
  /** Most patches an image may cover; larger images are scaled down to fit (1536). */
  maxPatches: number;
  /** Billed tokens per patch for this model. */
  multiplier: number;
}

/** A fixed cost per image (local LLaVA-style encoders that resize everything to one grid). */
export interface FixedRule {
  kind: 'fixed';
  /** Tokens per image. */
  tokens: number;
  /** Longest side the encoder uses; sending more pixels only costs bandwidth. */
  maxSide: number;
}

/** How a model turns an image into tokens. */
export type VisionRule = TileRule | PatchRule | FixedRule;

/**
 * How long a vision request takes, for planning: time to the first token, plus a cost per image
 * and per input token. Estimates to replace with the p95 you measure; they date like prices do.
 */
export interface VisionLatency {
  /** Milliseconds before the first token of a small request. */
  baseMs: number;
  /** Milliseconds each attached image adds (upload, decoding). */
  perImageMs: number;
  /** Milliseconds each input token adds (prefill). */
  perInputTokenMs: number;
}

/** Vision pricing of one model. */
export interface VisionPrice {
  /** Provider id, as `ChatModel.provider` reports it. */
  provider: string;
  /** Model id, or `*` for every model of the provider. */
  model: string;
  /** USD per 1M input tokens (image tokens are input tokens). */
  inputPerMTok: number;
  /** How images are counted. */
  rule: VisionRule;
  /** Latency estimate; required to plan against a latency budget. */
  latency?: VisionLatency;
  /** Where the figures come from. */
  source: string;
  /** When they were checked, `YYYY-MM-DD`. */
  asOf: string;
}

/** Audio priced per minute of input (whisper-1). */
export interface PerMinuteAudioPrice {
  basis: 'minute';
  /** USD per minute, billed per second. */
  perMinute: number;
}

/** Audio priced per token (the GPT-4o transcribe family). */
export interface PerTokenAudioPrice {
  basis: 'token';
  /** USD per 1M audio input tokens. */
  audioInputPerMTok: number;
  /** USD per 1M text output tokens (the transcript). */
  textOutputPerMTok: number;
  /** Audio tokens per second of input (an estimate; the provider reports the real count in `usage`). */
  audioTokensPerSecond: number;
  /** Transcript tokens per minute of speech (an estimate for planning). */
  outputTokensPerMinute: number;
}

/** Audio pricing of one transcription model. */
export type AudioPrice = { provider: string; model: string; source: string; asOf: string } & (
  | PerMinuteAudioPrice
  | PerTokenAudioPrice
);

/** The whole table. */
export interface MediaPriceTable {
  vision: VisionPrice[];
  audio: AudioPrice[];
}

const nonNegative = z.number().nonnegative();
const positive = z.number().positive();
const meta = { provider: z.string().min(1), model: z.string().min(1), source: z.string().min(1), asOf: z.iso.date() };

const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tile'), baseTokens: positive, tileTokens: positive }),
  z.object({ kind: z.literal('patch'), patchSize: positive, maxPatches: positive, multiplier: positive }),
  z.object({ kind: z.literal('fixed'), tokens: nonNegative, maxSide: positive }),
]);

const tableSchema = z.object({
  vision: z.array(
    z.object({
      ...meta,
      inputPerMTok: nonNegative,
      rule: ruleSchema,
      latency: z.object({ baseMs: nonNegative, perImageMs: nonNegative, perInputTokenMs: nonNegative }).optional(),
    }),
  ),
  audio: z.array(
    z.discriminatedUnion('basis', [
      z.object({ ...meta, basis: z.literal('minute'), perMinute: nonNegative }),
      z.object({
        ...meta,
        basis: z.literal('token'),
        audioInputPerMTok: nonNegative,
        textOutputPerMTok: nonNegative,
        audioTokensPerSecond: positive,
        outputTokensPerMinute: nonNegative,
      }),
    ]),
  ),
});

/** Validates a price table; a bad entry fails with one line naming its path. */
export function parseMediaPrices(data: unknown, source = 'media-prices.json'): MediaPriceTable {
  const parsed = tableSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The table shipped with the lab. */
export const MEDIA_PRICES: MediaPriceTable = parseMediaPrices(defaultTable);

/** Which model a price is looked up for. */
export interface ModelRef {
  /** Provider id, e.g. `openai`, `ollama`. */
  provider: string;
  /** Model id, e.g. `gpt-4o`. */
  model: string;
}

function find<T extends { provider: string; model: string }>(entries: readonly T[], ref: ModelRef): T | undefined {
  return (
    entries.find((e) => e.provider === ref.provider && e.model === ref.model) ??
    entries.find((e) => e.provider === ref.provider && e.model === '*')
  );
}

/** The vision price of a model; an unknown model is an error, not a guess. */
export function findVisionPrice(ref: ModelRef, table: MediaPriceTable = MEDIA_PRICES): VisionPrice {
  const price = find(table.vision, ref);
  if (!price)
    throw new MediaError('unknown_model', `${ref.provider}/${ref.model}`, 'no vision entry in the media price table');
  return price;
}

/** The audio price of a transcription model; an unknown model is an error, not a guess. */
export function findAudioPrice(ref: ModelRef, table: MediaPriceTable = MEDIA_PRICES): AudioPrice {
  const price = find(table.audio, ref);
  if (!price)
    throw new MediaError('unknown_model', `${ref.provider}/${ref.model}`, 'no audio entry in the media price table');
  return price;
}
