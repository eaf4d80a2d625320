import { describeImages } from '@lab/describe.ts';
import { OllamaChatModel, OpenAIChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { contains, decodeImage, photo, SECRET, wav } from './support/media.ts';

const network = useMockNetwork();

const openai = () => new OpenAIChatModel({ apiKey: 'sk-test', model: 'gpt-4o' });

/** The image parts of the first user message OpenAI received. */
function openAIImages(request: Record<string, unknown> | undefined): string[] {
  const messages = (request?.messages ?? []) as { role: string; content: unknown }[];
  const parts = (messages.find((m) => m.role === 'user')?.content ?? []) as {
    type: string;
    image_url?: { url: string };
  }[];
  return parts.filter((p) => p.type === 'image_url').map((p) => p.image_url?.url ?? '');
}

describe('DoD-5 image → description through real vision clients, sending only resized, metadata-free images', () => {
  it('OpenAI receives an image_url data: URL, resized to the plan, with no EXIF, GPS or XMP', async () => {
    network.openai.script({ content: 'A grey, grainy square.' });
    const [outcome] = await describeImages(
      [{ name: 'holiday.jpg', bytes: await photo({ width: 1600, height: 1200 }) }],
      {
        model: openai(),
        maxCostUsd: 0.01,
      },
    );
    expect(outcome).toMatchObject({ ok: true, name: 'holiday.jpg', description: 'A grey, grainy square.' });
    // 1600×1200 → shortest side scaled to 768 → 1024×768: the provider would not use more.
    expect(outcome).toMatchObject({ plan: { width: 1024, height: 768, detail: 'high' } });

    expect(network.openai.chatRequests).toHaveLength(1);
    const [url] = openAIImages(network.openai.chatRequests[0]);
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    const sent = decodeImage(url ?? '');
    const metadata = await sharp(sent).metadata();
    expect([metadata.width, metadata.height]).toEqual([1024, 768]);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(contains(sent, SECRET)).toBe(false);
    expect(outcome).toMatchObject({ sent: { width: 1024, height: 768, bytes: sent.byteLength } });
  });

  it('Ollama receives raw base64 in `images`, resized to what a local encoder uses, metadata-free', async () => {
    network.ollama.pulled = [{ name: 'llava:latest' }];
    network.ollama.script({ content: 'Noise.' });
    const model = new OllamaChatModel({ model: 'llava', capabilities: { vision: true } });
    const [outcome] = await describeImages([{ name: 'cam.jpg', bytes: await photo({ width: 1000, height: 800 }) }], {
      model,
      maxCostUsd: 0,
    });
    expect(outcome).toMatchObject({ ok: true, description: 'Noise.' });
    const messages = network.ollama.chatRequests[0]?.messages as { images?: string[] }[];
    const image = messages.find((m) => m.images)?.images?.[0] ?? '';
    expect(image.startsWith('data:')).toBe(false);
    const sent = decodeImage(image);
    const metadata = await sharp(sent).metadata();
    expect(Math.max(metadata.width, metadata.height)).toBeLessThanOrEqual(672);
    expect(metadata.exif).toBeUndefined();
    expect(contains(sent, SECRET)).toBe(false);
  });

  it('a truncated, mislabelled or over-budget file fails alone, in one line; the others are still described', async () => {
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
      { model: openai(), maxCostUsd: 0.01 },
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
    // Bad files never reached the provider.
    expect(network.openai.chatRequests).toHaveLength(2);
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
      { model: openai(), maxCostUsd: 0.01 },
    );
    expect(outcomes[0]).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(outcomes[1]).toMatchObject({ ok: true, description: 'second try works' });

    const before = network.openai.chatRequests.length;
    const [tooDear] = await describeImages([{ name: 'big.jpg', bytes }], { model: openai(), maxCostUsd: 0.0001 });
    expect(tooDear).toMatchObject({ ok: false, kind: 'over_budget' });
    expect(network.openai.chatRequests).toHaveLength(before);
  });
});
