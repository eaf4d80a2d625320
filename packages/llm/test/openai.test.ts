import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ChatMessage,
  type ChatStreamEvent,
  costOf,
  findPrice,
  generateObject,
  isStructuredOutputError,
  OpenAIChatModel,
  OpenAIEmbeddingModel,
  type ProviderError,
  type ToolDefinition,
} from '../src/index.ts';

const net = useMockNetwork();
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const model = (options: Partial<ConstructorParameters<typeof OpenAIChatModel>[0]> = {}) =>
  new OpenAIChatModel({ apiKey: 'sk-test', model: 'gpt-4o-mini', ...options });

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string().describe('City name') }),
};

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function finishOf(events: ChatStreamEvent[]) {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error('the stream did not end with a finish event');
  return last.response;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'ProviderError' });
  return error as ProviderError;
}

describe('OpenAIChatModel.generate', () => {
  it('returns the text with usage from the API and cost from the price table', async () => {
    net.openai.script({ content: 'Paris is the capital of France.', usage: { inputTokens: 1200, outputTokens: 300 } });
    const response = await model().generate({
      messages: user('Capital of France?'),
      temperature: 0,
      maxOutputTokens: 50,
    });
    expect(response).toMatchObject({
      text: 'Paris is the capital of France.',
      finishReason: 'stop',
      provider: 'openai',
      usage: { inputTokens: 1200, outputTokens: 300, totalTokens: 1500 },
      message: { role: 'assistant', content: 'Paris is the capital of France.' },
    });
    const price = findPrice('openai', 'gpt-4o-mini');
    expect(response.cost.priced).toBe(true);
    expect(response.cost.totalUsd).toBeCloseTo(
      (1200 * (price?.inputPerMTok ?? 0) + 300 * (price?.outputPerMTok ?? 0)) / 1e6,
      12,
    );
    expect(response.timeToFirstTokenMs).toBe(response.latencyMs);
    expect(net.openai.chatRequests[0]).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      max_completion_tokens: 50,
    });
  });

  it('sends the whole conversation in the wire format, tool turns included', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: '{"tempC":4}' },
    ];
    await model().generate({ messages, tools: [weather] });
    expect(net.openai.chatRequests[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"tempC":4}' },
    ]);
  });

  it('sends zod tools as JSON Schema and maps tool calls back', async () => {
    net.openai.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const response = await model().generate({
      messages: user('Weather in Paris?'),
      tools: [weather],
      toolChoice: 'required',
    });
    expect(response.finishReason).toBe('tool_calls');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]).toMatchObject({ name: 'get_weather', id: expect.any(String) });
    expect(JSON.parse(response.toolCalls[0]?.arguments ?? '')).toEqual({ city: 'Paris' });
    expect(response.message.toolCalls).toEqual(response.toolCalls);
    expect(net.openai.chatRequests[0]).toMatchObject({
      tool_choice: 'required',
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string', description: 'City name' } },
              required: ['city'],
            },
          },
        },
      ],
    });
  });

  it('does not retry inside the client: one failure, one request (retries are the caller policy)', async () => {
    net.openai.fail({ fault: 'server_error' });
    await failure(model().generate({ messages: user('hi') }));
    expect(net.openai.chatRequests).toHaveLength(1);
  });
});

describe('OpenAIChatModel.stream', () => {
  it('reads cached prompt tokens from usage.prompt_tokens_details and prices them at the cached rate', async () => {
    net.openai.script({ content: 'Cached.', usage: { inputTokens: 2000, outputTokens: 10, cachedInputTokens: 1536 } });
    const response = await model().generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response.usage).toEqual({ inputTokens: 2000, outputTokens: 10, totalTokens: 2010, cachedInputTokens: 1536 });
    const uncached = costOf('openai', 'gpt-4o-mini', { inputTokens: 2000, outputTokens: 10, totalTokens: 2010 });
    expect(response.cost.totalUsd).toBeLessThan(uncached.totalUsd);
  });

  it('streams text deltas, measures TTFT at the first delta and reports usage', async () => {
    net.openai.script({
      content: 'One two three four five six.',
      delayMs: 20,
      usage: { inputTokens: 10, outputTokens: 7 },
    });
    const events = await collect(model().stream({ messages: user('Count') }));
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    const response = finishOf(events);
    expect(deltas.map((d) => d.text).join('')).toBe('One two three four five six.');
    expect(response.text).toBe('One two three four five six.');
    expect(response.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(response.timeToFirstTokenMs).toBeLessThanOrEqual(response.latencyMs);
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 7, totalTokens: 17 });
    expect(net.openai.chatRequests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('assembles streamed tool-call fragments into complete tool calls', async () => {
    net.openai.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] });
    const events = await collect(model().stream({ messages: user('Weather in Lisbon?'), tools: [weather] }));
    const calls = events.flatMap((e) => (e.type === 'tool-call' ? [e.toolCall] : []));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe('get_weather');
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual({ city: 'Lisbon' });
    const response = finishOf(events);
    expect(response).toMatchObject({ finishReason: 'tool_calls', toolCalls: calls });
    expect(response.timeToFirstTokenMs).toBeGreaterThan(0);
  });
});

describe('structured output through OpenAI', () => {
  const City = z.object({ name: z.string(), population: z.number().int() });

  it('sends a strict json_schema response format and returns the validated object', async () => {
    net.openai.script({ content: '{"name":"Lyon","population":522000}' });
    const { object } = await generateObject(model(), { messages: user('Describe Lyon'), schemaName: 'city' }, City);
    expect(object).toEqual({ name: 'Lyon', population: 522000 });
    expect(net.openai.chatRequests[0]?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'city', strict: true, schema: { type: 'object', required: ['name', 'population'] } },
    });
  });

  it('falls back to strict: false for schemas strict mode rejects, and json_object without a schema', async () => {
    await model().generate({
      messages: user('x'),
      responseFormat: { type: 'json', schema: z.object({ a: z.string().optional() }) },
    });
    expect(net.openai.chatRequests[0]?.response_format).toMatchObject({ json_schema: { strict: false } });
    await model().generate({ messages: user('Reply in JSON'), responseFormat: { type: 'json' } });
    expect(net.openai.chatRequests[1]?.response_format).toEqual({ type: 'json_object' });
  });

  it('throws StructuredOutputError when the model output fails the schema', async () => {
    net.openai.script({ content: '{"name":"Lyon","population":"many"}' });
    const error = await generateObject(model(), { messages: user('Describe Lyon') }, City).catch((e: unknown) => e);
    expect(isStructuredOutputError(error) && error.reason).toBe('schema_mismatch');
    expect((error as Error).message).toMatch(/at population:/);
  });
});

describe('OpenAI errors map to ProviderError kinds', () => {
  it('429 → rate_limit with retryAfterMs from Retry-After', async () => {
    net.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 3 });
    const error = await failure(model().generate({ messages: user('hi') }));
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      retryAfterMs: 3000,
      retryable: true,
      provider: 'openai',
    });
  });

  it('5xx → unavailable, in generate and in stream', async () => {
    net.openai.fail({ fault: 'server_error', status: 503 });
    expect(await failure(model().generate({ messages: user('hi') }))).toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    net.openai.fail({ fault: 'server_error', status: 502 });
    expect(await failure(collect(model().stream({ messages: user('hi') })))).toMatchObject({
      kind: 'unavailable',
      status: 502,
    });
  });

  it('connection failure → unavailable, naming the base URL', async () => {
    net.openai.fail({ fault: 'network_error' });
    const error = await failure(model().generate({ messages: user('hi') }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('https://api.openai.com/v1');
  });

  it('no answer within timeoutMs → timeout', async () => {
    net.openai.fail({ fault: 'timeout' });
    const error = await failure(model({ timeoutMs: 50 }).generate({ messages: user('hi') }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('malformed JSON → bad_response, in generate and in stream', async () => {
    net.openai.fail({ fault: 'malformed_json' });
    expect(await failure(model().generate({ messages: user('hi') }))).toMatchObject({ kind: 'bad_response' });
    net.openai.fail({ fault: 'malformed_json' });
    vi.spyOn(console, 'error').mockImplementation(() => {}); // the client logs the bad chunk
    expect(await failure(collect(model().stream({ messages: user('hi') })))).toMatchObject({ kind: 'bad_response' });
    vi.restoreAllMocks();
  });

  it('a stream cut mid-way → bad_response after the deltas already received', async () => {
    net.openai.script({ content: 'This answer is long enough to be cut somewhere in the middle of it.' });
    net.openai.fail({ fault: 'stream_cut', afterChunks: 2 });
    const seen: ChatStreamEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const event of model().stream({ messages: user('hi') })) seen.push(event);
      })(),
    );
    expect(error.kind).toBe('bad_response');
    expect(seen.some((e) => e.type === 'finish')).toBe(false);
  });

  it('the caller aborting → aborted, before and during the call', async () => {
    expect(await failure(model().generate({ messages: user('hi'), signal: AbortSignal.abort() }))).toMatchObject({
      kind: 'aborted',
    });
    net.openai.fail({ fault: 'timeout' });
    const controller = new AbortController();
    const pending = failure(model().generate({ messages: user('hi'), signal: controller.signal }));
    await vi.waitFor(() => expect(net.openai.chatRequests).toHaveLength(1));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [400, 'invalid_request'],
    [404, 'invalid_request'],
    [422, 'invalid_request'],
    [500, 'unavailable'],
  ] as const)('HTTP %i → %s', async (status, kind) => {
    const fetch = async () =>
      new Response(JSON.stringify({ error: { message: `status ${status}`, type: 'test' } }), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    const error = await failure(model({ fetch }).generate({ messages: user('hi') }));
    expect(error).toMatchObject({ kind, status });
  });

  it('reads retry-after-ms before retry-after', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ error: { message: 'slow down' } }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after-ms': '1500', 'retry-after': '9' },
      });
    expect(await failure(model({ fetch }).generate({ messages: user('hi') }))).toMatchObject({ retryAfterMs: 1500 });
  });
});

describe('OpenAI-compatible servers', () => {
  it('work without a key at a custom base URL, sending max_tokens', async () => {
    const vllm = net.openaiCompatible('http://vllm.test/v1');
    vllm.models = ['qwen2.5-7b-instruct'];
    vllm.script({ content: 'Hello from vLLM' });
    const local = new OpenAIChatModel({ baseURL: 'http://vllm.test/v1', model: 'qwen2.5-7b-instruct' });
    const response = await local.generate({ messages: user('hi'), maxOutputTokens: 20 });
    expect(response.text).toBe('Hello from vLLM');
    expect(response.cost.priced).toBe(false);
    expect(vllm.chatRequests[0]).toMatchObject({ max_tokens: 20 });
    expect(vllm.chatRequests[0]).not.toHaveProperty('max_completion_tokens');
  });

  it('name the base URL when it cannot be reached', async () => {
    const lmstudio = net.openaiCompatible('http://lmstudio.test/v1');
    lmstudio.fail({ fault: 'network_error' });
    const local = new OpenAIChatModel({ baseURL: 'http://lmstudio.test/v1', model: 'any' });
    const error = await failure(local.generate({ messages: user('hi') }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('http://lmstudio.test/v1');
  });
});

describe('OpenAIEmbeddingModel', () => {
  it('splits inputs above maxBatchSize into requests and keeps the input order', async () => {
    const embedder = new OpenAIEmbeddingModel({ apiKey: 'sk-test', maxBatchSize: 2 });
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const result = await embedder.embed(texts);
    expect(net.openai.embeddingRequests.map((r) => r.input)).toEqual([
      ['alpha', 'beta'],
      ['gamma', 'delta'],
      ['epsilon'],
    ]);
    expect(result.embeddings).toHaveLength(5);
    expect(result.embeddings.every((v) => v.length === 1536)).toBe(true);
    const single = await embedder.embed(['gamma']);
    expect(single.embeddings[0]).toEqual(result.embeddings[2]);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.cost.priced).toBe(true);
  });

  it('sends dimensions for text-embedding-3 models and checks the returned length', async () => {
    const embedder = new OpenAIEmbeddingModel({ apiKey: 'sk-test', model: 'text-embedding-3-large', dimensions: 256 });
    const result = await embedder.embed(['hello']);
    expect(net.openai.embeddingRequests[0]).toMatchObject({
      model: 'text-embedding-3-large',
      dimensions: 256,
      encoding_format: 'float',
    });
    expect(result.embeddings[0]).toHaveLength(256);
    expect(embedder.version).toBe('openai/text-embedding-3-large/256d');
  });

  it('maps faults to ProviderErrors too', async () => {
    net.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 1 });
    const embedder = new OpenAIEmbeddingModel({ apiKey: 'sk-test' });
    expect(await failure(embedder.embed(['x']))).toMatchObject({ kind: 'rate_limit', retryAfterMs: 1000 });
  });

  it('refuses an empty text before sending, naming it, as the API would answer 400', async () => {
    const embedder = new OpenAIEmbeddingModel({ apiKey: 'sk-test' });
    const error = await failure(embedder.embed(['alpha', '', 'gamma']));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain('texts[1]');
    expect(net.openai.embeddingRequests).toHaveLength(0);
  });

  it('sends more than 2,048 texts in requests of at most 2,048, and refuses a larger maxBatchSize', async () => {
    const embedder = new OpenAIEmbeddingModel({ apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: 8 });
    const texts = Array.from({ length: 2049 }, (_, i) => `text ${i}`);
    const result = await embedder.embed(texts);
    expect(net.openai.embeddingRequests.map((r) => (r.input as string[]).length)).toEqual([2048, 1]);
    expect(result.embeddings).toHaveLength(2049);
    expect(() => new OpenAIEmbeddingModel({ apiKey: 'sk-test', maxBatchSize: 4096 })).toThrow(/1 to 2048/);
  });
});
