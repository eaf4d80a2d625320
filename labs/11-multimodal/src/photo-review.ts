/**
 * A damage claim with a photo: the vision model describes the photo, your `nextStep` decides
 * whether the description may reach the claims assistant (fenced as data) or goes to a human.
 * The assistant only drafts: the agent decides. Given code: the same in the starter.
 */
import type { ChatModel, TokenUsage } from '@workshop/llm';
import { describeImages, type MediaFile } from './describe.ts';
import { nextStep } from './image-text.ts';
import type { MediaPriceTable } from './prices.ts';
import type { VisionModel } from './vision.ts';

/** Options of `reviewClaimPhoto`. */
export interface ClaimPhotoOptions {
  /** Describes the photo. */
  vision: VisionModel;
  /** Drafts the reply for the agent. */
  assistant: ChatModel;
  /** Most US dollars the photo may cost. */
  maxCostUsd: number;
  /** Price table. Default: the lab's. */
  table?: MediaPriceTable;
}

/** What the agent gets. */
export interface ClaimReview {
  /** `human`: the agent reads the description and the reasons; `assistant`: a draft is attached. */
  route: 'human' | 'assistant';
  /** The vision model's description (untrusted: show it as text, never as HTML). */
  description: string;
  /** Why the photo went to a human: signal names (never the photo's text), or why it could not be described. */
  reasons: string[];
  /** The assistant's draft, when it was asked. */
  draft?: string;
  /** Tokens of the assistant's call, when it was asked. */
  assistantUsage?: TokenUsage;
}

/** Describes the claim's photo and routes it; a photo that cannot be described goes to a human with the reason. */
export async function reviewClaimPhoto(
  claim: string,
  photo: MediaFile,
  options: ClaimPhotoOptions,
): Promise<ClaimReview> {
  const [outcome] = await describeImages([photo], {
    vision: options.vision,
    task: 'check_damage',
    maxCostUsd: options.maxCostUsd,
    table: options.table,
  });
  // A photo nobody could look at is an agent's job, with the reason (one line, no stack).
  if (!outcome?.ok)
    return { route: 'human', description: '', reasons: [outcome?.error ?? `${photo.name}: not described`] };
  const step = nextStep(claim, outcome.description);
  if (step.route === 'human') return { route: 'human', description: outcome.description, reasons: step.reasons };
  const response = await options.assistant.generate({ messages: step.messages, temperature: 0, maxOutputTokens: 300 });
  return {
    route: 'assistant',
    description: outcome.description,
    reasons: [],
    draft: response.text,
    assistantUsage: response.usage,
  };
}
