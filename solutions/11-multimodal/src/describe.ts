/**
 * Image → description through any vision-capable `ChatModel` (OpenAI `image_url`, Ollama
 * `images`). Each file goes intake → plan → sanitize → model; a bad file becomes a failed
 * outcome with a one-line reason, and the files around it are still described.
 */
import { type ChatModel, isProviderError, type ProviderErrorKind, type TokenUsage } from '@workshop/llm';
import { isMediaError, MediaError, type MediaErrorKind } from './errors.ts';
import { inspectMedia, type MediaLimits } from './intake.ts';
import { type ImagePlan, planImage } from './planner.ts';
import type { MediaPriceTable } from './prices.ts';
import { sanitizeImage } from './privacy.ts';

/** A file to describe. */
export interface MediaFile {
  /** The name it came with (checked against the bytes, used in messages). */
  name: string;
  /** Its bytes, untouched. */
  bytes: Uint8Array;
}

/** Options of `describeImages`. */
export interface DescribeOptions {
  /** A vision-capable chat model (`capabilities.vision`). */
  model: ChatModel;
  /** Most US dollars one image may cost (the per-request budget: one image per request). */
  maxCostUsd: number;
  /** The instruction sent with each image. */
  prompt?: string;
  /** Intake limits. */
  limits?: Partial<MediaLimits>;
  /** Price table. Default: the lab's. */
  table?: MediaPriceTable;
}

/** Default instruction: alt text, without guessing who people are. */
export const DEFAULT_DESCRIBE_PROMPT =
  'Describe this image in one or two sentences for alt text. Do not identify people or read out personal data.';

/** A described image. */
export interface DescribedImage {
  ok: true;
  /** The file name. */
  name: string;
  /** The model's description. */
  description: string;
  /** The plan it was sent with (estimate). */
  plan: ImagePlan;
  /** What actually left the process. */
  sent: { width: number; height: number; bytes: number; mime: string };
  /** Token usage the provider reported. */
  usage: TokenUsage;
  /** Cost of the call from `@workshop/llm`'s price table (text and image tokens). */
  costUsd: number;
}

/** A file that could not be described, and why. */
export interface FailedImage {
  ok: false;
  /** The file name. */
  name: string;
  /** What went wrong: a media problem or a provider error kind. */
  kind: MediaErrorKind | ProviderErrorKind;
  /** One line that names the file and the problem. */
  error: string;
}

/** The outcome for one file. */
export type DescribeOutcome = DescribedImage | FailedImage;

/** Describes each image in order; one outcome per file, in the same order. */
export async function describeImages(
  files: readonly MediaFile[],
  options: DescribeOptions,
): Promise<DescribeOutcome[]> {
  if (!options.model.capabilities.vision) {
    throw new Error(
      `describeImages: ${options.model.provider}/${options.model.modelId} does not accept images (capabilities.vision is false)`,
    );
  }
  const outcomes: DescribeOutcome[] = [];
  for (const file of files) {
    try {
      outcomes.push(await describeOne(file, options));
    } catch (error) {
      // A bad file or a failed call costs that file only; anything else is a bug and propagates.
      if (isMediaError(error)) outcomes.push({ ok: false, name: file.name, kind: error.kind, error: error.message });
      else if (isProviderError(error)) {
        outcomes.push({ ok: false, name: file.name, kind: error.kind, error: `${file.name}: ${error.message}` });
      } else throw error;
    }
  }
  return outcomes;
}

async function describeOne(file: MediaFile, options: DescribeOptions): Promise<DescribedImage> {
  const info = await inspectMedia(file.bytes, { name: file.name, limits: options.limits });
  if (info.kind !== 'image') {
    throw new MediaError('unsupported_type', file.name, `expected an image, got ${info.format.toUpperCase()} audio`);
  }
  const plan = planImage(info, {
    provider: options.model.provider,
    model: options.model.modelId,
    maxCostUsd: options.maxCostUsd,
    // UserMessage.images carries no detail field, so the API uses `auto`: plan for high detail.
    allowLowDetail: false,
    table: options.table,
  });
  const image = await sanitizeImage(file.bytes, { maxWidth: plan.width, maxHeight: plan.height, name: file.name });
  const response = await options.model.generate({
    messages: [{ role: 'user', content: options.prompt ?? DEFAULT_DESCRIBE_PROMPT, images: [image.dataUrl] }],
    temperature: 0,
    maxOutputTokens: 300,
  });
  return {
    ok: true,
    name: file.name,
    description: response.text.trim(),
    plan,
    sent: { width: image.width, height: image.height, bytes: image.bytes.byteLength, mime: image.mime },
    usage: response.usage,
    costUsd: response.cost.totalUsd,
  };
}
