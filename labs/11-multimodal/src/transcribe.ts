/**
 * Audio → chunks by duration → transcription per chunk → one merged transcript whose timestamps
 * are offset by each chunk's start, redacted for PII before it is returned or stored. A chunk
 * that fails is reported as a gap; the chunks already transcribed are kept.
 */
import type { MediaFile } from './describe.ts';
import type { MediaLimits } from './intake.ts';
import type { MediaPriceTable } from './prices.ts';
import type { PiiType } from './redact.ts';
import type { Transcriber, TranscriptSegment } from './transcriber.ts';

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
  // TODO: spans [0, c), [c, 2c), … the last one ending at durationSeconds. If the last span is shorter
  //   than MIN_CHUNK_SECONDS and there is a previous one, extend the previous one to the end and drop it.
  throw new Error(`TODO: planChunks (src/transcribe.ts) — cut ${durationSeconds} s into ${chunkSeconds}-s chunks`);
}

/** Transcribes one audio file chunk by chunk and merges the result. */
export async function transcribeAudio(file: MediaFile, options: TranscribeOptions): Promise<TranscriptionResult> {
  // TODO: nothing is uploaded until every check passed; nothing already transcribed is lost.
  //   1. info = await inspectMedia(file.bytes, { name, limits }); not audio → MediaError 'unsupported_type'.
  //   2. estimate = audioCost(info.durationSeconds, { provider: transcriber.provider, model: transcriber.model }, table);
  //      over options.maxCostUsd → MediaError 'over_budget' (before any upload).
  //   3. WAV: wav = readWav(bytes, name); for each span of planChunks(duration, chunkSeconds ?? 60) the upload is
  //      { bytes: sliceWav(bytes, wav, start, end), name: `<base>.part<i>.wav`, mime: 'audio/wav', durationSeconds }.
  //      MP3 cannot be cut here: one upload when it fits one chunk, else MediaError 'unsupported_type' (convert to WAV).
  //   4. For each chunk in order: transcript = await transcriber.transcribe(upload); push its segments with
  //      start/end + span.start; keep its text; report { index, start, end, status: 'ok' }. A ProviderError →
  //      report status 'failed' with error.message and carry on; any other error is a bug: rethrow.
  //   5. text = redactPII(texts.join(' ')).text, count findings by type into `redactions`; redact each
  //      segment's text too (without counting again). complete = every chunk ok.
  throw new Error(
    `TODO: transcribeAudio (src/transcribe.ts) — transcribe ${file.name} with ${options.transcriber.model}`,
  );
}
