/**
 * Privacy by design for images: what leaves the process is a re-encoded copy with no metadata
 * (EXIF, GPS, XMP, IPTC, ICC, comments) and no more pixels than the plan needs.
 */
/** Options of `sanitizeImage`. */
export interface SanitizeOptions {
  /** Largest width to send, in pixels; smaller images are never enlarged. */
  maxWidth: number;
  /** Largest height to send, in pixels. */
  maxHeight: number;
  /** JPEG quality, 1–100. Default 85. */
  quality?: number;
  /** File name for error messages. Default `image`. */
  name?: string;
}

/** The copy that may leave the process. */
export interface SanitizedImage {
  /** Encoded image without metadata. */
  bytes: Uint8Array;
  /** `image/jpeg`, or `image/png` when the source has transparency. */
  mime: 'image/jpeg' | 'image/png';
  /** Width of the copy, after rotation and resizing. */
  width: number;
  /** Height of the copy. */
  height: number;
  /** `data:<mime>;base64,…`, what `UserMessage.images` takes. */
  dataUrl: string;
}

/**
 * Re-encodes an image with its EXIF orientation applied to the pixels, every metadata block
 * dropped, and its size fitted inside `maxWidth × maxHeight`.
 */
export async function sanitizeImage(bytes: Uint8Array, options: SanitizeOptions): Promise<SanitizedImage> {
  // TODO: re-encode with `sharp` (import sharp from 'sharp'):
  //   - `.autoOrient()` first: the orientation tag is about to go, so the pixels must be upright.
  //   - `.resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })`.
  //   - PNG when `(await sharp(bytes).metadata()).hasAlpha` (keep transparency), else `.jpeg({ quality: 85 })`.
  //   - Never call withMetadata/keepExif/withExif: sharp writes no metadata unless asked.
  //   - `toBuffer({ resolveWithObject: true })` gives the bytes and the final width/height;
  //     dataUrl = `data:${mime};base64,${base64}`.
  //   - Wrap any sharp error in `new MediaError('corrupt', options.name ?? 'image', ...)` with firstLine(error).
  throw new Error(
    `TODO: sanitizeImage (src/privacy.ts) — strip metadata and fit ${bytes.byteLength} bytes inside ${options.maxWidth}×${options.maxHeight}`,
  );
}
