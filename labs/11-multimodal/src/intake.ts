/**
 * Intake: decide what a file IS from its bytes (magic numbers, via `file-type`), never from its
 * name, and refuse it early — before decoding anything large — when it breaks a limit.
 */
import type { MediaFormat } from './formats.ts';

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

/**
 * Checks a file and says what it is. Throws a `MediaError` with a one-line message for an empty,
 * oversized, unsupported, mislabelled, corrupt or truncated file, or one over the pixel or
 * duration limit.
 */
export async function inspectMedia(bytes: Uint8Array, options: IntakeOptions = {}): Promise<MediaInfo> {
  // TODO: implement intake, cheapest checks first. Every failure is `new MediaError(kind, name, problem)`
  // (src/errors.ts), so the message reads `<name>: <problem>` on one line.
  //   1. name = options.name ?? 'upload'; limits = { ...DEFAULT_LIMITS, ...options.limits }.
  //   2. 0 bytes → 'empty'. More than limits.maxBytes → 'too_large' (name both sizes).
  //   3. `await fileTypeFromBuffer(bytes)` (package `file-type`) reads the magic numbers; look the
  //      detected `ext` up in FORMATS (src/formats.ts). Not there → 'unsupported_type'.
  //   4. extensionOf(name): if MEDIA_EXTENSIONS has it but the format's `extensions` do not → 'mislabelled'
  //      (`the name says .png but the bytes are JPEG`). A name without a media extension is fine.
  //   5. Images: `(await sharp(bytes).metadata()).autoOrient` gives upright width/height (a throw → 'corrupt';
  //      use firstLine(error): libvips messages are multi-line). width × height > maxPixels → 'too_many_pixels'
  //      BEFORE decoding (decompression bombs). Then decode fully — `await sharp(bytes).raw().toBuffer()` —
  //      because a truncated file has an intact header; a throw → 'corrupt'.
  //   6. Audio: WAV → readWav(bytes, name).durationSeconds (src/wav.ts throws 'corrupt' for you);
  //      MP3 → `(await parseBuffer(bytes, { mimeType, size }, { duration: true })).format.duration`
  //      (package `music-metadata`); no duration → 'corrupt'. Over maxDurationSeconds → 'too_long'.
  //   7. Return an ImageInfo or AudioInfo.
  throw new Error(
    `TODO: inspectMedia (src/intake.ts) — detect the type of ${options.name ?? 'upload'} (${bytes.byteLength} bytes) and check the limits`,
  );
}
