/**
 * Audio → chunks by duration → transcription per chunk → one merged transcript whose timestamps
 * are offset by each chunk's start, redacted for PII before it is returned or stored. A chunk
 * that fails is reported as a gap; the chunks already transcribed are kept.
 */
import { isProviderError } from '@workshop/llm';
import { audioCost } from './cost.ts';
import type { MediaFile } from './describe.ts';
import { MediaError } from './errors.ts';
import { inspectMedia, type MediaLimits } from './intake.ts';
import type { MediaPriceTable } from './prices.ts';
import { type PiiType, redactPII } from './redact.ts';
import type { AudioUpload, Transcriber, TranscriptSegment } from './transcriber.ts';
import { readWav, sliceWav } from './wav.ts';

/** A remainder shorter than this joins the previous chunk (providers refuse very short audio). */
export const MIN_CHUNK_SECONDS = 1;

/** One stretch of the source audio, in seconds. */
export interface ChunkSpan {
  /** Start, in seconds from the start of the file. */
  start: number;
  /** End, in seconds. */
  end: number;
}

/** Options of `transcribeAudio`. */
export interface TranscribeOptions {
  /** The speech-to-text model. */
  transcriber: Transcriber;
  /** Length of each chunk in seconds. Default 60. */
  chunkSeconds?: number;
  /** Most US dollars the whole file may cost (estimated from the price table before any upload). */
  maxCostUsd?: number;
  /** Intake limits. */
  limits?: Partial<MediaLimits>;
  /** Price table. Default: the lab's. */
  table?: MediaPriceTable;
}

/** What happened to one chunk. */
export interface ChunkReport extends ChunkSpan {
  /** Position, from 0. */
  index: number;
  /** `ok`, or `failed` with the provider's one-line error. */
  status: 'ok' | 'failed';
  /** Why it failed. */
  error?: string;
}

/** The merged, redacted transcript. */
export interface TranscriptionResult {
  /** The file name. */
  name: string;
  /** Full text of the chunks that succeeded, in order, PII redacted. */
  text: string;
  /** Segments with timestamps from the start of the FILE, PII redacted. */
  segments: TranscriptSegment[];
  /** Duration of the file in seconds. */
  durationSeconds: number;
  /** One report per chunk, in order. */
  chunks: ChunkReport[];
  /** True when every chunk was transcribed. */
  complete: boolean;
  /** How many PII spans of each type were redacted. */
  redactions: Partial<Record<PiiType, number>>;
  /** Estimated cost from the price table. */
  estimatedCostUsd: number;
}

/**
 * Cuts `[0, durationSeconds)` into spans of `chunkSeconds`; a remainder shorter than
 * `MIN_CHUNK_SECONDS` joins the previous span.
 */
export function planChunks(durationSeconds: number, chunkSeconds: number): ChunkSpan[] {
  if (!(chunkSeconds > 0)) throw new Error(`planChunks: chunkSeconds must be positive, got ${chunkSeconds}`);
  const spans: ChunkSpan[] = [];
  for (let start = 0; start < durationSeconds; start += chunkSeconds) {
    spans.push({ start, end: Math.min(durationSeconds, start + chunkSeconds) });
  }
  const last = spans.at(-1);
  const previous = spans.at(-2);
  if (last && previous && last.end - last.start < MIN_CHUNK_SECONDS) {
    previous.end = last.end;
    spans.pop();
  }
  return spans;
}

/** Transcribes one audio file chunk by chunk and merges the result. */
export async function transcribeAudio(file: MediaFile, options: TranscribeOptions): Promise<TranscriptionResult> {
  const { transcriber } = options;
  const chunkSeconds = options.chunkSeconds ?? 60;
  const info = await inspectMedia(file.bytes, { name: file.name, limits: options.limits });
  if (info.kind !== 'audio') {
    throw new MediaError('unsupported_type', file.name, `expected audio, got a ${info.format.toUpperCase()} image`);
  }
  const estimate = audioCost(
    info.durationSeconds,
    { provider: transcriber.provider, model: transcriber.model },
    options.table,
  );
  // Refuse before the first upload: a half-transcribed file that blew the budget helps nobody.
  if (options.maxCostUsd !== undefined && estimate.usd > options.maxCostUsd) {
    throw new MediaError(
      'over_budget',
      file.name,
      `${info.durationSeconds.toFixed(1)} s with ${transcriber.model} costs about $${estimate.usd.toFixed(4)}, over the budget of $${options.maxCostUsd}`,
    );
  }

  const uploads = cutIntoChunks(file, info.format, info.durationSeconds, chunkSeconds);
  const chunks: ChunkReport[] = [];
  const segments: TranscriptSegment[] = [];
  const texts: string[] = [];
  for (const [index, { span, upload }] of uploads.entries()) {
    try {
      const transcript = await transcriber.transcribe(upload);
      // Chunk timestamps start at 0: shift them to the chunk's place in the file.
      for (const segment of transcript.segments) {
        segments.push({ start: span.start + segment.start, end: span.start + segment.end, text: segment.text });
      }
      if (transcript.text) texts.push(transcript.text);
      chunks.push({ index, ...span, status: 'ok' });
    } catch (error) {
      if (!isProviderError(error)) throw error;
      chunks.push({ index, ...span, status: 'failed', error: error.message });
    }
  }

  const redactions: Partial<Record<PiiType, number>> = {};
  const redact = (text: string) => {
    const result = redactPII(text);
    for (const finding of result.findings) redactions[finding.type] = (redactions[finding.type] ?? 0) + 1;
    return result.text;
  };
  const text = redact(texts.join(' '));
  // Segment texts repeat the full text: redact them without counting the same findings twice.
  const redactedSegments = segments.map((s) => ({ ...s, text: redactPII(s.text).text }));
  return {
    name: file.name,
    text,
    segments: redactedSegments,
    durationSeconds: info.durationSeconds,
    chunks,
    complete: chunks.every((c) => c.status === 'ok'),
    redactions,
    estimatedCostUsd: estimate.usd,
  };
}

/** WAV is cut on sample frames; an MP3 goes whole when it fits one chunk. */
function cutIntoChunks(
  file: MediaFile,
  format: string,
  durationSeconds: number,
  chunkSeconds: number,
): { span: ChunkSpan; upload: AudioUpload }[] {
  if (format !== 'wav') {
    if (durationSeconds > chunkSeconds + MIN_CHUNK_SECONDS) {
      throw new MediaError(
        'unsupported_type',
        file.name,
        `cannot cut ${format.toUpperCase()} on sample boundaries: convert it to WAV, or raise chunkSeconds above ${Math.ceil(durationSeconds)}`,
      );
    }
    return [
      {
        span: { start: 0, end: durationSeconds },
        upload: { bytes: file.bytes, name: file.name, mime: 'audio/mpeg', durationSeconds },
      },
    ];
  }
  const wav = readWav(file.bytes, file.name);
  return planChunks(durationSeconds, chunkSeconds).map((span, index) => ({
    span,
    upload: {
      bytes: sliceWav(file.bytes, wav, span.start, span.end),
      name: `${file.name.replace(/\.[^.]*$/, '')}.part${index}.wav`,
      mime: 'audio/wav',
      durationSeconds: span.end - span.start,
    },
  }));
}
