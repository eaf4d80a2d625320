/**
 * Image → description through any vision-capable `ChatModel` (OpenAI `image_url`, Ollama
 * `images`). Each file goes intake → plan → sanitize → model; a bad file becomes a failed
 * outcome with a one-line reason, and the files around it are still described.
 */
import type { ChatModel, ProviderErrorKind, TokenUsage } from '@workshop/llm';
import type { MediaErrorKind } from './errors.ts';
import type { MediaLimits } from './intake.ts';
import type { ImagePlan } from './planner.ts';
import type { MediaPriceTable } from './prices.ts';

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
  // TODO: for each file, in order, inside a try/catch:
  //   1. info = await inspectMedia(file.bytes, { name: file.name, limits }); not an image → MediaError 'unsupported_type'.
  //   2. plan = planImage(info, { provider: model.provider, model: model.modelId, maxCostUsd, table,
  //      allowLowDetail: false }) — UserMessage.images has no detail field, so the API uses `auto`.
  //   3. image = await sanitizeImage(file.bytes, { maxWidth: plan.width, maxHeight: plan.height, name }).
  //   4. response = await model.generate({ messages: [{ role: 'user', content: prompt ?? DEFAULT_DESCRIBE_PROMPT,
  //      images: [image.dataUrl] }], temperature: 0, maxOutputTokens: 300 }) — the adapters turn it into
  //      OpenAI's image_url part or Ollama's base64 `images`.
  //   5. push a DescribedImage (description = response.text.trim(), sent = the sanitized size and byte count,
  //      usage, costUsd = response.cost.totalUsd).
  //   catch: isMediaError → { ok: false, name, kind, error: error.message }; isProviderError → the same with
  //   error `${name}: ${message}`; anything else is a bug: rethrow. One bad file never loses the others.
  throw new Error(
    `TODO: describeImages (src/describe.ts) — describe ${files.length} files with ${options.model.provider}/${options.model.modelId}`,
  );
}
