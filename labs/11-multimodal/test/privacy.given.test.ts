import { isMediaError } from '@lab/errors.ts';
import { sanitizeImage } from '@lab/privacy.ts';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { contains, image, photo, SECRET } from './support/media.ts';

describe('given: privacy: images leave upright, resized and without metadata', () => {
  it('strips EXIF, GPS and XMP: nothing of the original metadata is left in the bytes', async () => {
    const original = await photo({ width: 640, height: 480 });
    const before = await sharp(original).metadata();
    expect(before.exif, 'the test photo carries EXIF').toBeDefined();
    expect(contains(original, SECRET), 'the test photo carries the planted secret').toBe(true);

    const clean = await sanitizeImage(original, { maxWidth: 2048, maxHeight: 2048 });
    const after = await sharp(clean.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(contains(clean.bytes, SECRET)).toBe(false);
    expect(contains(clean.bytes, 'TestCam')).toBe(false);
    expect(clean).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480 });
    expect(clean.dataUrl).toBe(`data:image/jpeg;base64,${Buffer.from(clean.bytes).toString('base64')}`);
  });

  it('fits the image inside the maximum, keeps the aspect ratio, and never enlarges', async () => {
    const original = await photo({ width: 1200, height: 800 });
    const small = await sanitizeImage(original, { maxWidth: 300, maxHeight: 300 });
    expect([small.width, small.height]).toEqual([300, 200]);
    const decoded = await sharp(small.bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([300, 200]);
    const tiny = await sanitizeImage(await photo({ width: 100, height: 50 }), { maxWidth: 1000, maxHeight: 1000 });
    expect([tiny.width, tiny.height]).toEqual([100, 50]);
  });

  it('turns the pixels upright before dropping the EXIF orientation tag', async () => {
    // Stored 80×40 with orientation 6: a viewer shows it 40 wide and 80 high.
    const rotated = await photo({ width: 80, height: 40, orientation: 6 });
    const clean = await sanitizeImage(rotated, { maxWidth: 1000, maxHeight: 1000 });
    const decoded = await sharp(clean.bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([40, 80]);
    expect(decoded.orientation).toBeUndefined();
  });

  it('keeps transparency as PNG', async () => {
    const clean = await sanitizeImage(await image('png', 60, 40, true), { maxWidth: 30, maxHeight: 30 });
    expect(clean.mime).toBe('image/png');
    expect((await sharp(clean.bytes).metadata()).hasAlpha).toBe(true);
    expect([clean.width, clean.height]).toEqual([30, 20]);
  });

  it('refuses a truncated image with a one-line MediaError', async () => {
    const original = await photo({ width: 400, height: 300, metadata: false });
    const error = await sanitizeImage(original.subarray(0, original.length / 2), {
      maxWidth: 100,
      maxHeight: 100,
      name: 'half.jpg',
    }).catch((e: unknown) => e);
    expect(isMediaError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^half\.jpg: /);
    expect((error as Error).message).not.toContain('\n');
  });
});
