/**
 * A speech-to-text model behind the real `openai` client (`POST /audio/transcriptions`), as a
 * small interface the pipeline depends on. Errors become `ProviderError`s, as in `@workshop/llm`.
 */
import { openAIErrorToProviderError, ProviderError } from '@workshop/llm';
import OpenAI, { toFile } from 'openai';

/** One timed piece of a transcript, in seconds. */
export interface TranscriptSegment {
  /** Start, in seconds. */
  start: number;
  /** End, in seconds. */
  end: number;
  /** What was said. */
  text: string;
}

/** The transcript of one uploaded file, timed from the start of THAT file. */
export interface ChunkTranscript {
  /** The full text. */
  text: string;
  /** Timed segments; one segment spanning the file when the model gives no timestamps. */
  segments: TranscriptSegment[];
  /** Duration of the audio in seconds, as the provider reports it. */
  durationSeconds: number;
}

/** Audio ready to upload. */
export interface AudioUpload {
  /** The encoded file. */
  bytes: Uint8Array;
  /** File name with an extension the provider recognises (`chunk-0.wav`). */
  name: string;
  /** MIME type, e.g. `audio/wav`. */
  mime: string;
  /** Duration in seconds, used when the model reports no timestamps. */
  durationSeconds: number;
}

/** Anything that turns audio into a timed transcript. */
export interface Transcriber {
  /** Provider id, for prices and messages. */
  readonly provider: string;
  /** Model id, e.g. `whisper-1`. */
  readonly model: string;
  /** Transcribes one file. Errors are `ProviderError`s. */
  transcribe(audio: AudioUpload, options?: { signal?: AbortSignal }): Promise<ChunkTranscript>;
}

/** Options of `OpenAITranscriber`. */
export interface OpenAITranscriberOptions {
  /** API key (a placeholder is sent to compatible servers that need none). */
  apiKey?: string;
  /** Base URL. Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Model. Default `whisper-1` (the one that returns segment timestamps). */
  model?: string;
  /** Per-request timeout in ms. Default 120 000. */
  timeoutMs?: number;
  /** Custom fetch (proxies, tests). */
  fetch?: typeof fetch;
}

/**
 * Transcription over OpenAI's API (or a compatible whisper server). whisper-1 is asked for
 * `verbose_json` with segment timestamps; the GPT-4o transcribe family only answers `json`, so
 * its transcript becomes one segment spanning the upload.
 */
export class OpenAITranscriber implements Transcriber {
  readonly provider = 'openai';
  readonly model: string;
  readonly baseURL: string;
  readonly #client: OpenAI;

  constructor(options: OpenAITranscriberOptions = {}) {
    this.model = options.model ?? 'whisper-1';
    this.baseURL = (options.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
    this.#client = new OpenAI({
      apiKey: options.apiKey || 'no-key-required',
      baseURL: this.baseURL,
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: 0, // retry policy belongs to the caller (lab 03)
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async transcribe(audio: AudioUpload, options: { signal?: AbortSignal } = {}): Promise<ChunkTranscript> {
    const file = await toFile(audio.bytes, audio.name, { type: audio.mime });
    const context = { provider: this.provider, baseURL: this.baseURL, model: this.model, signal: options.signal };
    try {
      if (/^gpt-.*transcribe/.test(this.model)) {
        const result = await this.#client.audio.transcriptions.create(
          { file, model: this.model, response_format: 'json' },
          { signal: options.signal },
        );
        const text = result.text.trim();
        return {
          text,
          segments: [{ start: 0, end: audio.durationSeconds, text }],
          durationSeconds: audio.durationSeconds,
        };
      }
      const result = await this.#client.audio.transcriptions.create(
        { file, model: this.model, response_format: 'verbose_json', timestamp_granularities: ['segment'] },
        { signal: options.signal },
      );
      if (typeof result?.text !== 'string') {
        throw new ProviderError('bad_response', this.provider, 'the transcription answer has no text');
      }
      const segments = (result.segments ?? []).map((s) => ({ start: s.start, end: s.end, text: s.text.trim() }));
      return {
        text: result.text.trim(),
        segments: segments.length > 0 ? segments : [{ start: 0, end: result.duration, text: result.text.trim() }],
        durationSeconds: result.duration,
      };
    } catch (error) {
      throw openAIErrorToProviderError(error, context);
    }
  }
}
