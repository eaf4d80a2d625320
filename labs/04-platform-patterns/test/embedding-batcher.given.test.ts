import { EmbeddingBatcher } from '@lab/embedding-batcher.ts';
import { isProviderError, OpenAIEmbeddingModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { manualScheduler, settle } from './helpers.ts';

const network = useMockNetwork();
const model = () => new OpenAIEmbeddingModel({ apiKey: 'test-key' });

const inputsOf = (body: Record<string, unknown>) => body.input as string[];
const TEXTS = ['kettle descaling', 'teapot refund', 'order 4471 delivery', 'warranty claim', 'billing address change'];

describe('concurrent embedding requests are coalesced into batches, each caller gets its own vector', () => {
  it('waits up to maxWaitMs, then sends every pending text in one call and routes the vectors back', async () => {
    const scheduler = manualScheduler();
    const embedder = model();
    const batcher = new EmbeddingBatcher({
      model: embedder,
      maxBatchSize: 16,
      maxWaitMs: 20,
      schedule: scheduler.schedule,
    });

    const pending = TEXTS.map((text) => batcher.embed(text));
    await settle();
    expect(network.openai.embeddingRequests, 'nothing is sent before the wait is over').toHaveLength(0);
    expect(scheduler.pendingDelays()).toEqual([20]);

    scheduler.fireAll();
    const vectors = await Promise.all(pending);

    expect(network.openai.embeddingRequests).toHaveLength(1);
    expect(inputsOf(network.openai.embeddingRequests[0] as Record<string, unknown>)).toEqual(TEXTS);
    const direct = await embedder.embed(TEXTS);
    expect(vectors).toEqual(direct.embeddings);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect(batcher.stats()).toMatchObject({ requested: 5, apiCalls: 1, failed: 0 });
  });

  it('sends a full batch at once and the remainder when the wait is over', async () => {
    const scheduler = manualScheduler();
    const batcher = new EmbeddingBatcher({
      model: model(),
      maxBatchSize: 2,
      maxWaitMs: 20,
      schedule: scheduler.schedule,
    });

    const pending = TEXTS.map((text) => batcher.embed(text));
    await Promise.all(pending.slice(0, 4));
    expect(network.openai.embeddingRequests.map(inputsOf)).toEqual([TEXTS.slice(0, 2), TEXTS.slice(2, 4)]);

    scheduler.fireAll();
    await pending[4];
    expect(network.openai.embeddingRequests.map(inputsOf)).toEqual([
      TEXTS.slice(0, 2),
      TEXTS.slice(2, 4),
      TEXTS.slice(4),
    ]);
    expect(batcher.stats()).toMatchObject({ requested: 5, apiCalls: 3 });
  });

  it('fails only the caller whose text is invalid; the others are embedded in one call', async () => {
    const scheduler = manualScheduler();
    const batcher = new EmbeddingBatcher({
      model: model(),
      maxWaitMs: 20,
      maxInputTokens: 50,
      schedule: scheduler.schedule,
    });
    const tooLong = 'The kettle whistles when the water boils. '.repeat(20);

    const pending = ['kettle descaling', '', tooLong, 'teapot refund'].map((text) => batcher.embed(text));
    scheduler.fireAll();
    const outcomes = await Promise.allSettled(pending);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/empty/);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/tokens.*50|50.*tokens/);
    expect(network.openai.embeddingRequests.map(inputsOf)).toEqual([['kettle descaling', 'teapot refund']]);
  });

  it('isolates a text the provider rejects: the batch is split until only the culprit fails', async () => {
    const poison = 'a text the provider refuses';
    const sent: string[][] = [];
    // Answers 400 to any batch that contains the poisoned text; other batches reach the emulator.
    network.use(
      http.post('https://api.openai.com/v1/embeddings', async ({ request }) => {
        const input = ((await request.clone().json()) as { input: string[] }).input;
        sent.push(input);
        if (!input.includes(poison)) return undefined;
        return HttpResponse.json(
          { error: { message: "'$.input' is invalid.", type: 'invalid_request_error' } },
          { status: 400 },
        );
      }),
    );
    const scheduler = manualScheduler();
    const batcher = new EmbeddingBatcher({ model: model(), maxWaitMs: 20, schedule: scheduler.schedule });

    const texts = ['kettle descaling', 'teapot refund', poison, 'warranty claim'];
    const pending = texts.map((text) => batcher.embed(text));
    scheduler.fireAll();
    const outcomes = await Promise.allSettled(pending);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const reason = (outcomes[2] as PromiseRejectedResult).reason;
    expect(isProviderError(reason) && reason.kind).toBe('invalid_request');
    expect(sent[0]).toEqual(texts);
    expect(sent.length, 'split in halves, not one call per text from the start').toBeLessThanOrEqual(5);
  });

  it('rejects every caller of a batch the provider could not serve, without hanging', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 });
    const scheduler = manualScheduler();
    const batcher = new EmbeddingBatcher({ model: model(), maxWaitMs: 20, schedule: scheduler.schedule });

    const pending = TEXTS.slice(0, 3).map((text) => batcher.embed(text));
    scheduler.fireAll();
    const outcomes = await Promise.allSettled(pending);

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    const reason = (outcomes[0] as PromiseRejectedResult).reason;
    expect(isProviderError(reason) && reason.kind).toBe('unavailable');
    expect(batcher.stats()).toMatchObject({ requested: 3, apiCalls: 1, failed: 3 });
  });
});
