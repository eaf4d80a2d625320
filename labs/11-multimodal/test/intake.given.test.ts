import { isMediaError } from '@lab/errors.ts';
import { inspectMedia } from '@lab/intake.ts';
import { describe, expect, it } from 'vitest';
import { image, mp3, photo, wav } from './support/media.ts';

/** The MediaError an intake call rejects with (fails the test if it resolves or throws something else). */
async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMediaError(error), `expected a MediaError, got ${String(error)}`).toBe(true);
  const message = (error as Error).message;
  expect(message, 'errors are one line').not.toContain('\n');
  return error as Error & { kind: string };
}

describe('given: intake: the type comes from the bytes, limits hold, bad files get a clear error', () => {
  it('detects PNG, JPEG, WebP and GIF from the bytes and reports their dimensions', async () => {
    const cases = [
      { bytes: await image('png', 40, 30), format: 'png', mime: 'image/png' },
      { bytes: await photo({ width: 64, height: 48, metadata: false }), format: 'jpeg', mime: 'image/jpeg' },
      { bytes: await image('webp', 40, 30), format: 'webp', mime: 'image/webp' },
      { bytes: await image('gif', 40, 30), format: 'gif', mime: 'image/gif' },
    ];
    for (const { bytes, format, mime } of cases) {
      // No extension: only the bytes can tell.
      const info = await inspectMedia(bytes, { name: 'upload' });
      expect(info).toMatchObject({ kind: 'image', format, mime, bytes: bytes.byteLength });
      const size = format === 'jpeg' ? { width: 64, height: 48 } : { width: 40, height: 30 };
      expect(info).toMatchObject(size);
    }
  });

  it('detects WAV and MP3 and reports their duration', async () => {
    const wave = await inspectMedia(wav(2.5), { name: 'voice.wav' });
    expect(wave).toMatchObject({ kind: 'audio', format: 'wav', mime: 'audio/wav' });
    expect(wave.kind === 'audio' && wave.durationSeconds).toBeCloseTo(2.5, 3);
    const song = await inspectMedia(mp3(200), { name: 'song.mp3' });
    expect(song).toMatchObject({ kind: 'audio', format: 'mp3', mime: 'audio/mpeg' });
    // 200 frames × 1152 samples / 44 100 Hz
    expect(song.kind === 'audio' && song.durationSeconds).toBeCloseTo((200 * 1152) / 44_100, 1);
  });

  it('refuses a mislabelled file: JPEG bytes named .png, WAV bytes named .mp3', async () => {
    const jpeg = await photo({ width: 32, height: 32, metadata: false });
    const error = await rejection(inspectMedia(jpeg, { name: 'holiday.png' }));
    expect(error.kind).toBe('mislabelled');
    expect(error.message).toMatch(/holiday\.png/);
    expect(error.message).toMatch(/JPEG/i);
    expect((await rejection(inspectMedia(wav(1), { name: 'song.mp3' }))).kind).toBe('mislabelled');
    // A name that claims no media type lets the bytes decide.
    await expect(inspectMedia(jpeg, { name: 'blob.bin' })).resolves.toMatchObject({ format: 'jpeg' });
  });

  it('refuses bytes that are no supported format, and empty files', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
    const asPdf = await rejection(inspectMedia(pdf, { name: 'scan.png' }));
    expect(asPdf.kind).toBe('unsupported_type');
    expect(asPdf.message).toMatch(/scan\.png/);
    const text = new TextEncoder().encode('just some notes, not an image');
    expect((await rejection(inspectMedia(text, { name: 'notes' }))).kind).toBe('unsupported_type');
    expect((await rejection(inspectMedia(new Uint8Array(0), { name: 'nothing.png' }))).kind).toBe('empty');
  });

  it('enforces the byte, pixel and duration limits with messages that name the numbers', async () => {
    const big = await photo({ width: 200, height: 100, metadata: false });
    const tooLarge = await rejection(inspectMedia(big, { name: 'big.jpg', limits: { maxBytes: 1000 } }));
    expect(tooLarge.kind).toBe('too_large');
    const tooMany = await rejection(inspectMedia(big, { name: 'big.jpg', limits: { maxPixels: 10_000 } }));
    expect(tooMany.kind).toBe('too_many_pixels');
    expect(tooMany.message).toMatch(/200×100/);
    const tooLong = await rejection(inspectMedia(wav(3), { name: 'talk.wav', limits: { maxDurationSeconds: 2 } }));
    expect(tooLong.kind).toBe('too_long');
    expect(tooLong.message).toMatch(/talk\.wav/);
    // The same files pass with the default limits.
    await expect(inspectMedia(big, { name: 'big.jpg' })).resolves.toMatchObject({ width: 200, height: 100 });
  });

  it('reports a truncated JPEG, PNG or WAV as corrupt in one line', async () => {
    const jpeg = await photo({ width: 300, height: 200, metadata: false });
    const cutJpeg = await rejection(inspectMedia(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), { name: 'cut.jpg' }));
    expect(cutJpeg.kind).toBe('corrupt');
    expect(cutJpeg.message).toMatch(/^cut\.jpg: /);
    const png = await image('png', 300, 200);
    expect((await rejection(inspectMedia(png.subarray(0, png.length - 30), { name: 'cut.png' }))).kind).toBe('corrupt');
    const audio = wav(2);
    const cutWav = await rejection(inspectMedia(audio.subarray(0, 5000), { name: 'cut.wav' }));
    expect(cutWav.kind).toBe('corrupt');
    expect(cutWav.message).toMatch(/truncated/);
  });
});
