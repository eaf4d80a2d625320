/**
 * The OpenAI emulator against OpenAI's own schemas (spec/openai.openapi.yaml) and the rules the API
 * reference states in prose. Every answer, streamed chunks included, is validated as sent on the wire.
 */
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../../src/index.ts';
import { wav } from '../wav.ts';
import { VendorSpecs } from './spec.ts';
import { send, sseEvents } from './wire.ts';

const network = useMockNetwork();
const specs = new VendorSpecs();
const KEY = { authorization: 'Bearer sk-test' };

const url = (route: string) => `${network.openai.baseURL}${route}`;
const chat = (body: Record<string, unknown>, headers: Record<string, string> = KEY) =>
  send(url('/chat/completions'), {
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...body },
    headers,
  });
const embed = (body: Record<string, unknown>, headers: Record<string, string> = KEY) =>
  send(url('/embeddings'), { body: { model: 'text-embedding-3-small', ...body }, headers });

function transcribe(fields: Record<string, string | string[]>, headers: Record<string, string> = KEY) {
  const form = new FormData();
  form.append('file', new Blob([wav(1)], { type: 'audio/wav' }), 'clip.wav');
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return send(url('/audio/transcriptions'), { body: form, headers });
}

describe('OpenAI conformance: chat completions', () => {
  it('a plain completion is a CreateChatCompletionResponse', async () => {
    const answer = await chat({});
    expect(answer.status).toBe(200);
    expect(specs.check('openai', 'CreateChatCompletionResponse', answer.body)).toEqual([]);
  });

  it('a completion with tool calls is a CreateChatCompletionResponse', async () => {
    network.openai.script({ toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] });
    const answer = await chat({});
    expect(specs.check('openai', 'CreateChatCompletionResponse', answer.body)).toEqual([]);
  });

  it.each(['length', 'content_filter'] as const)('finish_reason %s is one the schema lists', async (finishReason) => {
    network.openai.script({ content: 'cut', finishReason });
    expect(specs.check('openai', 'CreateChatCompletionResponse', (await chat({})).body)).toEqual([]);
  });

  it('every streamed chunk is a CreateChatCompletionStreamResponse, and the stream ends with [DONE]', async () => {
    network.openai.script({ content: 'The quick brown fox' });
    const { events, done } = sseEvents((await chat({ stream: true })).text);
    expect(done).toBe(true);
    expect(events.length).toBeGreaterThan(2);
    for (const event of events) expect(specs.check('openai', 'CreateChatCompletionStreamResponse', event)).toEqual([]);
  });

  it('with include_usage, the chunks and the final usage chunk conform', async () => {
    const { events } = sseEvents((await chat({ stream: true, stream_options: { include_usage: true } })).text);
    const last = events.at(-1) as { choices: unknown[]; usage: unknown };
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    for (const event of events) expect(specs.check('openai', 'CreateChatCompletionStreamResponse', event)).toEqual([]);
  });

  it('a prompt cache hit reports usage.prompt_tokens_details.cached_tokens as CompletionUsage does', async () => {
    const messages = [
      { role: 'system', content: 'Policy. '.repeat(700) },
      { role: 'user', content: 'hi' },
    ];
    await chat({ messages });
    const answer = await chat({ messages: [...messages.slice(0, 1), { role: 'user', content: 'another question' }] });
    const usage = (answer.body as { usage: { prompt_tokens_details: { cached_tokens: number } } }).usage;
    expect(usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(specs.check('openai', 'CreateChatCompletionResponse', answer.body)).toEqual([]);
  });

  it('streamed tool-call fragments conform', async () => {
    network.openai.script({ toolCalls: [{ name: 'lookup', arguments: { id: 7, note: 'a longer argument' } }] });
    const { events } = sseEvents((await chat({ stream: true })).text);
    for (const event of events) expect(specs.check('openai', 'CreateChatCompletionStreamResponse', event)).toEqual([]);
  });
});

describe('OpenAI conformance: embeddings', () => {
  it('float embeddings are a CreateEmbeddingResponse', async () => {
    const answer = await embed({ input: ['a', 'b'], encoding_format: 'float' });
    expect(specs.check('openai', 'CreateEmbeddingResponse', answer.body)).toEqual([]);
  });

  it('base64 embeddings decode to float32 vectors of the model size (the spec types only the float form)', async () => {
    const answer = await embed({ input: 'a', encoding_format: 'base64' });
    const body = answer.body as { data: { embedding: string }[] };
    const bytes = Buffer.from(body.data[0]?.embedding ?? '', 'base64');
    expect(bytes.byteLength).toBe(1536 * 4);
    const decoded = {
      ...body,
      data: body.data.map((d) => ({ ...d, embedding: [...new Float32Array(bytes.buffer, bytes.byteOffset, 1536)] })),
    };
    expect(specs.check('openai', 'CreateEmbeddingResponse', decoded)).toEqual([]);
  });

  it('dimensions shortens text-embedding-3 vectors', async () => {
    const answer = await embed({ input: 'a', dimensions: 256, encoding_format: 'float' });
    expect(specs.check('openai', 'CreateEmbeddingResponse', answer.body)).toEqual([]);
    expect((answer.body as { data: { embedding: number[] }[] }).data[0]?.embedding).toHaveLength(256);
  });

  it.each([
    ['an empty string', ''],
    ['an array holding an empty string', ['a', '']],
    ['an empty array', []],
  ])('refuses %s with 400, as the API does', async (_what, input) => {
    const answer = await embed({ input });
    expect(answer.status).toBe(400);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it('refuses more than 2,048 inputs with 400 (the schema caps the array at 2048)', async () => {
    const input = Array.from({ length: 2049 }, (_, i) => `text ${i}`);
    expect(specs.check('openai', 'CreateEmbeddingRequest', { model: 'text-embedding-3-small', input })).not.toEqual([]);
    const answer = await embed({ input });
    expect(answer.status).toBe(400);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it('refuses dimensions on text-embedding-ada-002 ("only supported in text-embedding-3 and later")', async () => {
    const answer = await embed({ model: 'text-embedding-ada-002', input: 'a', dimensions: 256 });
    expect(answer.status).toBe(400);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });
});

describe('OpenAI conformance: models', () => {
  it('the list is a ListModelsResponse', async () => {
    expect(specs.check('openai', 'ListModelsResponse', (await send(url('/models'), { headers: KEY })).body)).toEqual(
      [],
    );
  });

  it('one model is a Model', async () => {
    expect(specs.check('openai', 'Model', (await send(url('/models/gpt-4o-mini'), { headers: KEY })).body)).toEqual([]);
  });

  it('an unknown model is a 404 ErrorResponse', async () => {
    const answer = await chat({ model: 'gpt-nope' });
    expect(answer.status).toBe(404);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });
});

describe('OpenAI conformance: transcriptions', () => {
  it('json is a CreateTranscriptionResponseJson', async () => {
    const answer = await transcribe({ model: 'whisper-1' });
    expect(specs.check('openai', 'CreateTranscriptionResponseJson', answer.body)).toEqual([]);
  });

  it('verbose_json with word and segment timestamps is a CreateTranscriptionResponseVerboseJson', async () => {
    const answer = await transcribe({
      model: 'whisper-1',
      response_format: 'verbose_json',
      'timestamp_granularities[]': ['word', 'segment'],
    });
    expect(specs.check('openai', 'CreateTranscriptionResponseVerboseJson', answer.body)).toEqual([]);
  });

  it('gpt-4o-transcribe json is a CreateTranscriptionResponseJson', async () => {
    const answer = await transcribe({ model: 'gpt-4o-transcribe' });
    expect(specs.check('openai', 'CreateTranscriptionResponseJson', answer.body)).toEqual([]);
  });

  it.each(['gpt-4o-transcribe', 'gpt-4o-mini-transcribe'])(
    'refuses response_format text for %s ("the only supported format is json")',
    async (model) => {
      const answer = await transcribe({ model, response_format: 'text' });
      expect(answer.status).toBe(400);
      expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
    },
  );

  it('answers whisper-1 text as plain text', async () => {
    const answer = await transcribe({ model: 'whisper-1', response_format: 'text' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('OpenAI conformance: errors and auth', () => {
  it.each([
    ['rate_limit', 429],
    ['server_error', 500],
  ] as const)('a %s fault is a %i ErrorResponse', async (fault, status) => {
    network.openai.fail({ fault });
    const answer = await chat({});
    expect(answer.status).toBe(status);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it('a request without messages is a 400 ErrorResponse', async () => {
    const answer = await send(url('/chat/completions'), { body: { model: 'gpt-4o-mini' }, headers: KEY });
    expect(answer.status).toBe(400);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it.each([
    ['chat', () => chat({}, {})],
    ['embeddings', () => embed({ input: 'a' }, {})],
    ['models', () => send(url('/models'))],
    ['transcriptions', () => transcribe({ model: 'whisper-1' }, {})],
  ])('%s without an Authorization header is a 401 ErrorResponse, as the API requires a key', async (_what, call) => {
    const answer = await call();
    expect(answer.status).toBe(401);
    expect(specs.check('openai', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it('a key the emulator is told is wrong gets 401 invalid_api_key', async () => {
    network.openai.auth = { keys: ['sk-right'] };
    const wrong = await chat({}, { authorization: 'Bearer sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await chat({}, { authorization: 'Bearer sk-right' })).status).toBe(200);
  });

  it('an OpenAI-compatible server checks no key by default (vLLM, LM Studio, Ollama /v1)', async () => {
    const local = network.openaiCompatible('http://vllm.test/v1');
    const answer = await send(`${local.baseURL}/chat/completions`, {
      body: { model: 'any', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(answer.status).toBe(200);
  });
});
