/**
 * The formats the pipelines accept, keyed by what `file-type` detects from the bytes, with the
 * file-name extensions that may honestly carry each one.
 */

/** A supported media format. */
export type MediaFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'wav' | 'mp3';

/** What we know about one supported format. */
export interface FormatInfo {
  format: MediaFormat;
  kind: 'image' | 'audio';
  /** The canonical MIME type (what goes into a data: URL or an upload). */
  mime: string;
  /** Extensions a correctly named file of this format may have (lower case, no dot). */
  extensions: readonly string[];
}

/** Supported formats by `file-type`'s `ext`. */
export const FORMATS: Readonly<Record<string, FormatInfo>> = {
  png: { format: 'png', kind: 'image', mime: 'image/png', extensions: ['png'] },
  jpg: { format: 'jpeg', kind: 'image', mime: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  webp: { format: 'webp', kind: 'image', mime: 'image/webp', extensions: ['webp'] },
  gif: { format: 'gif', kind: 'image', mime: 'image/gif', extensions: ['gif'] },
  wav: { format: 'wav', kind: 'audio', mime: 'audio/wav', extensions: ['wav', 'wave'] },
  mp3: { format: 'mp3', kind: 'audio', mime: 'audio/mpeg', extensions: ['mp3'] },
};

/**
 * Extensions that name a media format (ours and common others). A name with one of these must
 * match the bytes; a name without (`upload`, `blob.bin`) lets the bytes decide.
 */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  ...Object.values(FORMATS).flatMap((f) => f.extensions),
  'bmp',
  'tif',
  'tiff',
  'heic',
  'heif',
  'avif',
  'svg',
  'ogg',
  'oga',
  'flac',
  'm4a',
  'aac',
  'opus',
  'webm',
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'avi',
  'pdf',
]);

/** The lower-case extension of a file name, without the dot; '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}
