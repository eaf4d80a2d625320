/**
 * Intake: decide what a file IS from its bytes (magic numbers, via `file-type`), never from its
 * name, and refuse it early — before decoding anything large — when it breaks a limit.
 */
import { fileTypeFromBuffer } from 'file-type';
import { parseBuffer } from 'music-metadata';
import sharp from 'sharp';
import { firstLine, MediaError } from './errors.ts';
import { extensionOf, FORMATS, type FormatInfo, MEDIA_EXTENSIONS, type MediaFormat } from './formats.ts';
import { readWav } from './wav.ts';

/** Limits every file must respect. */
export interface MediaLimits {
  /** Largest file in bytes. */
  maxBytes: number;
  /** Largest image in pixels (width × height), checked from the header before decoding. */
  maxPixels: number;
  /** Longest audio in seconds. */
  maxDurationSeconds: number;
}

/** 20 MB, 40 megapixels, 10 minutes. */
export const DEFAULT_LIMITS: MediaLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxDurationSeconds: 600,
};

/** An accepted image. */
export interface ImageInfo {
  kind: 'image';
  /** The file name given at intake (for messages). */
  name: string;
  /** Format detected from the bytes. */
  format: MediaFormat;
  /** Canonical MIME type of that format. */
  mime: string;
  /** Size in bytes. */
  bytes: number;
  /** Width in pixels, upright (EXIF orientation applied). */
  width: number;
  /** Height in pixels, upright. */
  height: number;
}

/** An accepted audio file. */
export interface AudioInfo {
  kind: 'audio';
  /** The file name given at intake (for messages). */
  name: string;
  /** Format detected from the bytes. */
  format: MediaFormat;
  /** Canonical MIME type of that format. */
  mime: string;
  /** Size in bytes. */
  bytes: number;
  /** Duration in seconds. */
  durationSeconds: number;
}

/** What intake knows about an accepted file. */
export type MediaInfo = ImageInfo | AudioInfo;

/** Options of `inspectMedia`. */
export interface IntakeOptions {
  /** The name the file came with (used to catch mislabelled files, and in messages). Default `upload`. */
  name?: string;
  /** Limits to enforce; missing fields use `DEFAULT_LIMITS`. */
  limits?: Partial<MediaLimits>;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const megapixels = (n: number) => `${(n / 1_000_000).toFixed(1)} MP`;

/**
 * Checks a file and says what it is. Throws a `MediaError` with a one-line message for an empty,
 * oversized, unsupported, mislabelled, corrupt or truncated file, or one over the pixel or
 * duration limit.
 */
export async function inspectMedia(bytes: Uint8Array, options: IntakeOptions = {}): Promise<MediaInfo> {
  const name = options.name ?? 'upload';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.byteLength === 0) throw new MediaError('empty', name, 'the file is empty');
  // Size first: it costs nothing and bounds every later step.
  if (bytes.byteLength > limits.maxBytes) {
    throw new MediaError(
      'too_large',
      name,
      `${megabytes(bytes.byteLength)} exceeds the limit of ${megabytes(limits.maxBytes)}`,
    );
  }
  const detected = await fileTypeFromBuffer(bytes);
  const format = detected ? FORMATS[detected.ext] : undefined;
  if (!format) {
    const what = detected ? `detected ${detected.mime}` : 'the bytes match no known format';
    throw new MediaError('unsupported_type', name, `not a supported image or audio file (${what})`);
  }
  const extension = extensionOf(name);
  if (MEDIA_EXTENSIONS.has(extension) && !format.extensions.includes(extension)) {
    throw new MediaError(
      'mislabelled',
      name,
      `the name says .${extension} but the bytes are ${format.format.toUpperCase()}`,
    );
  }
  return format.kind === 'image'
    ? inspectImage(bytes, name, format, limits)
    : inspectAudio(bytes, name, format, limits);
}

async function inspectImage(
  bytes: Uint8Array,
  name: string,
  format: FormatInfo,
  limits: MediaLimits,
): Promise<ImageInfo> {
  const label = format.format.toUpperCase();
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Upright dimensions: a portrait photo stored landscape with an EXIF orientation tag is portrait.
    ({ width, height } = (await sharp(bytes).metadata()).autoOrient);
  } catch (error) {
    throw new MediaError('corrupt', name, `corrupt ${label}: ${firstLine(error)}`, { cause: error });
  }
  if (!width || !height) throw new MediaError('corrupt', name, `corrupt ${label}: no dimensions in the header`);
  // Checked from the header, BEFORE decoding: a small file can decode to gigabytes (a decompression bomb).
  if (width * height > limits.maxPixels) {
    throw new MediaError(
      'too_many_pixels',
      name,
      `${width}×${height} = ${megapixels(width * height)} exceeds the limit of ${megapixels(limits.maxPixels)}`,
    );
  }
  try {
    // A full decode: a truncated file has an intact header, only the pixel data ends early.
    await sharp(bytes, { limitInputPixels: limits.maxPixels }).raw().toBuffer();
  } catch (error) {
    throw new MediaError('corrupt', name, `corrupt or truncated ${label}: ${firstLine(error)}`, { cause: error });
  }
  return { kind: 'image', name, format: format.format, mime: format.mime, bytes: bytes.byteLength, width, height };
}

async function inspectAudio(
  bytes: Uint8Array,
  name: string,
  format: FormatInfo,
  limits: MediaLimits,
): Promise<AudioInfo> {
  let durationSeconds: number;
  if (format.format === 'wav') {
    durationSeconds = readWav(bytes, name).durationSeconds;
  } else {
    const metadata = await parseBuffer(
      bytes,
      { mimeType: format.mime, size: bytes.byteLength },
      { duration: true },
    ).catch((error: unknown) => {
      throw new MediaError('corrupt', name, `corrupt MP3: ${firstLine(error)}`, { cause: error });
    });
    durationSeconds = metadata.format.duration ?? 0;
    if (!(durationSeconds > 0)) throw new MediaError('corrupt', name, 'corrupt MP3: no audio frames found');
  }
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new MediaError(
      'too_long',
      name,
      `${durationSeconds.toFixed(1)} s of audio exceeds the limit of ${limits.maxDurationSeconds} s`,
    );
  }
  return { kind: 'audio', name, format: format.format, mime: format.mime, bytes: bytes.byteLength, durationSeconds };
}
