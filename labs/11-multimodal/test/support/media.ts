/**
 * Test media, generated on the fly: images with sharp (noise, so JPEG data is not trivially
 * small; EXIF, GPS and XMP written on purpose), WAV and MP3 written byte by byte.
 */
import sharp from 'sharp';

/** A string planted in EXIF and XMP: if it reaches the API, metadata leaked. */
export const SECRET = 'SECRET-OWNER-Ada-Lovelace';

/** Options of `photo`. */
export interface PhotoOptions {
  width: number;
  height: number;
  /** Write EXIF (Artist, camera), GPS coordinates and XMP. Default true. */
  metadata?: boolean;
  /** EXIF orientation tag (6 = stored rotated 90° clockwise). */
  orientation?: number;
}

/**
 * Raw RGB noise of ±16 around mid-grey from a fixed-seed xorshift, so every run draws the same
 * photo. About a real photo's entropy: its JPEG is not trivially small (a 400×300 one is ~17 kB),
 * yet encoders are not pushed to their worst case as by full-range noise (mozjpeg takes ~0.4 s
 * on a 1600×1200 one). Made here, not with sharp's `create.noise`, which alone takes ~0.4 s at that size.
 */
function noisePixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  let state = 0x2545f491;
  for (let i = 0; i < pixels.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pixels[i] = 112 + ((state >>> 0) % 33);
  }
  return pixels;
}

/** A noisy JPEG, by default carrying EXIF, GPS and XMP with `SECRET`. */
export async function photo(options: PhotoOptions): Promise<Uint8Array> {
  const { width, height } = options;
  let image = sharp(noisePixels(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  if (options.metadata !== false) {
    image = image
      .withExifMerge({
        IFD0: { Artist: SECRET, Make: 'TestCam', Model: 'TC-1' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 2640/100',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 3960/100',
        },
      })
      .withXmp(
        `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${SECRET}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`,
      );
  }
  return new Uint8Array(await image.toBuffer());
}

/** A plain image in another format (solid colour, optional transparency). */
export async function image(
  format: 'png' | 'webp' | 'gif',
  width: number,
  height: number,
  alpha = false,
): Promise<Uint8Array> {
  const background = alpha ? { r: 200, g: 30, b: 30, alpha: 0.5 } : { r: 30, g: 120, b: 200 };
  const created = sharp({ create: { width, height, channels: alpha ? 4 : 3, background } });
  return new Uint8Array(await created.toFormat(format).toBuffer());
}

/** A mono 16-bit PCM WAV of a quiet sine tone. */
export function wav(seconds: number, sampleRate = 8000): Uint8Array {
  const frames = Math.round(seconds * sampleRate);
  const out = new Uint8Array(44 + frames * 2);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + frames * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, frames * 2, true);
  for (let i = 0; i < frames; i++)
    view.setInt16(44 + i * 2, Math.round(3000 * Math.sin((i * 2 * Math.PI * 440) / sampleRate)), true);
  return out;
}

/** Seconds of audio in a WAV, read from its header (independent of the code under test). */
export function wavSeconds(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(40, true) / view.getUint32(28, true);
}

/** An MP3 of `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 1152 samples each). */
export function mp3(frames: number): Uint8Array {
  const frame = new Uint8Array(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  const out = new Uint8Array(frame.length * frames);
  for (let i = 0; i < frames; i++) out.set(frame, i * frame.length);
  return out;
}

/** The bytes of a `data:` URL or of raw base64 (what Ollama receives). */
export function decodeImage(urlOrBase64: string): Buffer {
  return Buffer.from(urlOrBase64.replace(/^data:[^;,]+;base64,/, ''), 'base64');
}

/** Whether `bytes` contain `text` anywhere (metadata can hide in any block). */
export function contains(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(text));
}

/** The `image_url` parts of the user message of a recorded chat request, in order. */
export function imageParts(request: Record<string, unknown> | undefined): { url: string; detail?: string }[] {
  const messages = (request?.messages ?? []) as { role: string; content: unknown }[];
  const content = messages.find((m) => m.role === 'user')?.content;
  const parts = (Array.isArray(content) ? content : []) as {
    type: string;
    image_url?: { url: string; detail?: string };
  }[];
  return parts.filter((p) => p.type === 'image_url').map((p) => p.image_url ?? { url: '' });
}
