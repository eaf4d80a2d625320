import { audioCost, imageCost, imageTokens } from '@lab/cost.ts';
import { isMediaError } from '@lab/errors.ts';
import { MEDIA_PRICES, type MediaPriceTable } from '@lab/prices.ts';
import { describe, expect, it } from 'vitest';

const tile = { kind: 'tile', baseTokens: 85, tileTokens: 170 } as const;
const patch = (multiplier: number) => ({ kind: 'patch', patchSize: 32, maxPatches: 1536, multiplier }) as const;

describe("given: image and audio cost follow OpenAI's documented rules and the price table", () => {
  it('tile models: low detail is 85 tokens whatever the size', () => {
    expect(imageTokens({ width: 4000, height: 3000 }, 'low', tile).tokens).toBe(85);
    expect(imageTokens({ width: 64, height: 64 }, 'low', tile).tokens).toBe(85);
  });

  it("tile models, high detail: fit 2048², shortest side to 768, 85 + 170 per 512-px tile (the docs' examples)", () => {
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', tile)).toMatchObject({
      tokens: 765,
      width: 768,
      height: 768,
      tiles: 4,
    });
    expect(imageTokens({ width: 2048, height: 4096 }, 'high', tile)).toMatchObject({
      tokens: 1105,
      width: 768,
      height: 1536,
      tiles: 6,
    });
    expect(imageTokens({ width: 512, height: 512 }, 'high', tile).tokens).toBe(255);
    expect(imageTokens({ width: 513, height: 512 }, 'high', tile).tokens).toBe(425); // one pixel, one more tile
    expect(imageTokens({ width: 100, height: 60 }, 'high', tile).tokens).toBe(255); // small images are not enlarged
  });

  it('patch models: 32-px patches, scaled down to the 1536 cap, times the per-model multiplier', () => {
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', patch(1))).toMatchObject({ tokens: 1024, patches: 1024 });
    // The docs' example: 1800×2400 is shrunk to 1056×1408, 33 × 44 = 1452 patches.
    expect(imageTokens({ width: 1800, height: 2400 }, 'high', patch(1))).toMatchObject({
      tokens: 1452,
      patches: 1452,
      width: 1056,
      height: 1408,
    });
    expect(imageTokens({ width: 1024, height: 1024 }, 'high', patch(1.62)).tokens).toBe(1659); // ⌈1024 × 1.62⌉
    const huge = imageTokens({ width: 8000, height: 6000 }, 'high', patch(1));
    expect(huge.patches).toBeLessThanOrEqual(1536);
    expect(huge.patches).toBeGreaterThan(1400);
    // Detail does not change a patch model's count.
    expect(imageTokens({ width: 640, height: 480 }, 'low', patch(2.46)).tokens).toBe(Math.ceil(20 * 15 * 2.46));
  });

  it('prices images in dollars from the table, per provider and model', () => {
    const gpt4o = imageCost({ width: 1024, height: 1024 }, 'high', { provider: 'openai', model: 'gpt-4o' });
    expect(gpt4o.tokens).toBe(765);
    expect(gpt4o.usd).toBeCloseTo(765 * 2.5e-6, 12);
    // gpt-4o-mini: cheap text, expensive image tokens (2833 + 5667 per tile).
    const mini = imageCost({ width: 1024, height: 1024 }, 'high', { provider: 'openai', model: 'gpt-4o-mini' });
    expect(mini.tokens).toBe(2833 + 4 * 5667);
    const local = imageCost({ width: 1024, height: 1024 }, 'high', { provider: 'ollama', model: 'llava:7b' });
    expect(local.usd).toBe(0);
    expect(local.tokens).toBeGreaterThan(0);
  });

  it('reads the table as data: a changed price changes the cost, an unknown model is an error', () => {
    const table: MediaPriceTable = structuredClone(MEDIA_PRICES);
    const entry = table.vision.find((v) => v.model === 'gpt-4o');
    if (!entry) throw new Error('the table has no gpt-4o entry');
    entry.inputPerMTok = 10;
    expect(
      imageCost({ width: 512, height: 512 }, 'high', { provider: 'openai', model: 'gpt-4o' }, table).usd,
    ).toBeCloseTo(255 * 10e-6, 12);
    const error = (() => {
      try {
        imageCost({ width: 10, height: 10 }, 'low', { provider: 'openai', model: 'gpt-9-vision' });
      } catch (e) {
        return e;
      }
    })();
    expect(isMediaError(error) && error.kind).toBe('unknown_model');
  });

  it('prices audio per minute (whisper-1, billed per second) or per token (gpt-4o-transcribe)', () => {
    const whisper = audioCost(90, { provider: 'openai', model: 'whisper-1' });
    expect(whisper.basis).toBe('minute');
    expect(whisper.usd).toBeCloseTo(0.009, 10);
    const gpt = audioCost(60, { provider: 'openai', model: 'gpt-4o-transcribe' });
    expect(gpt).toMatchObject({ basis: 'token', inputTokens: 600, outputTokens: 200 });
    expect(gpt.usd).toBeCloseTo(600 * 6e-6 + 200 * 10e-6, 10);
    expect(audioCost(60, { provider: 'openai', model: 'gpt-4o-mini-transcribe' }).usd).toBeLessThan(gpt.usd);
  });
});
