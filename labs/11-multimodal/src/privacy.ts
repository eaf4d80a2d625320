/**
 * Privacy by design for images: what leaves the process is a re-encoded copy with no metadata
 * (EXIF, GPS, XMP, IPTC, ICC, comments) and no more pixels than the plan needs.
 */
import sharp from 'sharp';
import { firstLine, MediaError } from './errors.ts';

/** A `data:` URL, what vision APIs take inline. */
export function dataUrl(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** Options of `sanitizeImage`. */
export interface SanitizeOptions {
  /** Largest width to send, in pixels; smaller images are never enlarged. */
  maxWidth: number;
  /** Largest height to send, in pixels. */
  maxHeight: number;
  /**
   * Resize to exactly `maxWidth × maxHeight` (a size planned for this image's shape) instead of
   * fitting inside it: the copy then has the planned size to the pixel. Default false.
   */
  exact?: boolean;
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
  const name = options.name ?? 'image';
  if (!(options.maxWidth >= 1 && options.maxHeight >= 1)) {
    throw new Error(
      `sanitizeImage: maxWidth and maxHeight must be at least 1, got ${options.maxWidth}×${options.maxHeight}`,
    );
  }
  try {
    const { hasAlpha } = await sharp(bytes).metadata();
    // The EXIF orientation tag is about to be dropped, so turn the pixels upright first.
    const pipeline = sharp(bytes)
      .autoOrient()
      .resize({
        width: Math.floor(options.maxWidth),
        height: Math.floor(options.maxHeight),
        fit: options.exact ? 'fill' : 'inside',
        withoutEnlargement: true,
      });
    // sharp writes no metadata unless asked (withMetadata/keepExif…): never ask.
    const encoded = hasAlpha ? pipeline.png() : pipeline.jpeg({ quality: options.quality ?? 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const mime = hasAlpha ? 'image/png' : 'image/jpeg';
    return {
      bytes: new Uint8Array(data),
      mime,
      width: info.width,
      height: info.height,
      dataUrl: dataUrl(data, mime),
    };
  } catch (error) {
    throw new MediaError('corrupt', name, `cannot re-encode the image: ${firstLine(error)}`, { cause: error });
  }
}
