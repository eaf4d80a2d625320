import { describeImages } from '@lab/describe.ts';
import { OpenAIVision } from '@lab/vision.ts';
import { useMockNetwork } from '@workshop/testkit';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { contains, decodeImage, imageParts, photo, SECRET, wav } from './support/media.ts';

const network = useMockNetwork();

const vision = () => new OpenAIVision({ apiKey: 'sk-test', model: 'gpt-4o' });

describe('given: image → description through the real openai client', () => {
  it('sends a data: URL with the planned detail, resized, with no EXIF, GPS or XMP, under the fixed system message', async () => {
    network.openai.script({ content: 'A grey, grainy square.' });
    const [outcome] = await describeImages(
      [{ name: 'holiday.jpg', bytes: await photo({ width: 1600, height: 1200 }) }],
      {
        vision: vision(),
        task: 'read_text',
        maxCostUsd: 0.01,
      },
    );
    expect(outcome).toMatchObject({ ok: true, name: 'holiday.jpg', description: 'A grey, grainy square.' });
    const request = network.openai.chatRequests[0];
    const messages = request?.messages as { role: string; content: unknown }[];
    expect(messages[0]?.role).toBe('system');
    const [image] = imageParts(request);
    expect(image?.url).toMatch(/^data:image\/jpeg;base64,/);
    const sent = decodeImage(image?.url ?? '');
    const metadata = await sharp(sent).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(contains(sent, SECRET)).toBe(false);
    if (outcome?.ok) {
      expect(image?.detail).toBe(outcome.plan.detail);
      expect([metadata.width, metadata.height]).toEqual([outcome.plan.width, outcome.plan.height]);
      expect(outcome.sent).toMatchObject({ width: metadata.width, height: metadata.height, bytes: sent.byteLength });
    }
  });

  it('a truncated or mislabelled file fails alone, in one line; the others are still described', async () => {
    network.openai.script({ content: 'first' }, { content: 'last' });
    const good = await photo({ width: 400, height: 300 });
    const truncated = (await photo({ width: 400, height: 300, metadata: false })).subarray(0, 4000);
    const outcomes = await describeImages(
      [
        { name: 'a.jpg', bytes: good },
        { name: 'broken.jpg', bytes: truncated },
        { name: 'voice.png', bytes: wav(1) },
        { name: 'z.jpg', bytes: good },
      ],
      { vision: vision(), task: 'identify_item', maxCostUsd: 0.01 },
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(outcomes[0]).toMatchObject({ description: 'first' });
    expect(outcomes[3]).toMatchObject({ description: 'last' });
    expect(outcomes[1]).toMatchObject({ name: 'broken.jpg', kind: 'corrupt' });
    expect(outcomes[2]).toMatchObject({ name: 'voice.png', kind: 'mislabelled' });
    for (const failed of outcomes.filter((o) => !o.ok)) {
      expect('error' in failed && failed.error).toMatch(new RegExp(`^${failed.name.replace('.', '\\.')}: `));
      expect('error' in failed && failed.error).not.toContain('\n');
    }
    expect(network.openai.chatRequests, 'bad files never reach the provider').toHaveLength(2);
  });

  it('a provider failure costs that image only; an image over budget is never sent', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 });
    network.openai.script({ content: 'second try works' });
    const bytes = await photo({ width: 400, height: 300 });
    const outcomes = await describeImages(
      [
        { name: 'one.jpg', bytes },
        { name: 'two.jpg', bytes },
      ],
      { vision: vision(), task: 'identify_item', maxCostUsd: 0.01 },
    );
    expect(outcomes[0]).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(outcomes[1]).toMatchObject({ ok: true, description: 'second try works' });

    const before = network.openai.chatRequests.length;
    const [tooDear] = await describeImages([{ name: 'big.jpg', bytes }], {
      vision: vision(),
      task: 'identify_item',
      maxCostUsd: 0.00001,
    });
    expect(tooDear).toMatchObject({ ok: false, kind: 'over_budget' });
    expect(network.openai.chatRequests).toHaveLength(before);
  });
});
