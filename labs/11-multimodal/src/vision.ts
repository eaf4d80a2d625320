/**
 * A vision model behind the real `openai` client (`POST /chat/completions` with `image_url`
 * parts), as a small interface the pipelines depend on. It sends each image's `detail`, which
 * `@workshop/llm`'s `UserMessage.images` cannot carry: detail is half of the cost decision.
 * Works with any OpenAI-compatible server (Ollama's `/v1`, vLLM) through `baseURL`.
 * Errors become `ProviderError`s. Given code: the same in the starter.
 */
import { openAIErrorToProviderError, ProviderError } from '@workshop/llm';
import OpenAI from 'openai';
import type { Detail } from './cost.ts';

/** One image as sent: a `data:` (or https) URL and the detail to look at it with. */
export interface VisionImage {
  url: string;
  detail: Detail;
}

/** A request to a vision model. */
export interface VisionRequest {
  /** The application's instructions (system message). Never built from untrusted text. */
  system: string;
  /** The user turn's text. */
  prompt: string;
  /** Images, in order, after the text. */
  images: readonly VisionImage[];
  /** Most output tokens. Default 300. */
  maxOutputTokens?: number;
}

/** What the model answered. */
export interface VisionAnswer {
  text: string;
  /** Tokens the provider reported (image tokens are input tokens). */
  usage: { inputTokens: number; outputTokens: number };
}

/** Anything that looks at images and answers in text. */
export interface VisionModel {
  /** Provider id, for the price table. */
  readonly provider: string;
  /** Model id, for the price table. */
  readonly model: string;
  /** One request. Errors are `ProviderError`s. */
  look(request: VisionRequest, options?: { signal?: AbortSignal }): Promise<VisionAnswer>;
}

/** Options of `OpenAIVision`. */
export interface OpenAIVisionOptions {
  /** API key (a placeholder is sent to compatible servers that need none). */
  apiKey?: string;
  /** Base URL. Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Model. Default `gpt-4o`. */
  model?: string;
  /** Provider id for prices and messages. Default `openai`. */
  provider?: string;
  /** Per-request timeout in ms. Default 60 000. */
  timeoutMs?: number;
}

/** A vision model over OpenAI's Chat Completions API. */
export class OpenAIVision implements VisionModel {
  readonly provider: string;
  readonly model: string;
  readonly baseURL: string;
  readonly #client: OpenAI;

  constructor(options: OpenAIVisionOptions = {}) {
    this.provider = options.provider ?? 'openai';
    this.model = options.model ?? 'gpt-4o';
    this.baseURL = (options.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
    this.#client = new OpenAI({
      apiKey: options.apiKey || 'no-key-required',
      baseURL: this.baseURL,
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: 0, // retry policy belongs to the caller (lab 03)
    });
  }

  async look(request: VisionRequest, options: { signal?: AbortSignal } = {}): Promise<VisionAnswer> {
    const context = { provider: this.provider, baseURL: this.baseURL, model: this.model, signal: options.signal };
    try {
      const completion = await this.#client.chat.completions.create(
        {
          model: this.model,
          temperature: 0,
          max_completion_tokens: request.maxOutputTokens ?? 300,
          messages: [
            { role: 'system', content: request.system },
            {
              role: 'user',
              content: [
                { type: 'text', text: request.prompt },
                ...request.images.map((image) => ({
                  type: 'image_url' as const,
                  image_url: { url: image.url, detail: image.detail },
                })),
              ],
            },
          ],
        },
        { signal: options.signal },
      );
      const text = completion.choices[0]?.message.content;
      if (typeof text !== 'string') {
        throw new ProviderError('bad_response', this.provider, 'the vision answer has no text');
      }
      return {
        text: text.trim(),
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        },
      };
    } catch (error) {
      throw openAIErrorToProviderError(error, context);
    }
  }
}
