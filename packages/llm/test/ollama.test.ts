import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ChatMessage,
  type ChatStreamEvent,
  generateObject,
  isStructuredOutputError,
  OllamaChatModel,
  OllamaEmbeddingModel,
  type ProviderError,
  type ToolDefinition,
} from '../src/index.ts';

const net = useMockNetwork();
const HOST = 'http://127.0.0.1:11434';
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const model = (options: Partial<ConstructorParameters<typeof OllamaChatModel>[0]> = {}) =>
  new OllamaChatModel({ model: 'llama3.2', ...options });

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
};

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'ProviderError', provider: 'ollama' });
  return error as ProviderError;
}

describe('OllamaChatModel', () => {
  it('generates with usage from prompt_eval_count/eval_count, priced at zero', async () => {
    net.ollama.script({ content: 'Bonjour!', usage: { inputTokens: 42, outputTokens: 3 } });
    const response = await model({ keepAlive: '10m' }).generate({
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
      temperature: 0.2,
      maxOutputTokens: 64,
      seed: 7,
    });
    expect(response).toMatchObject({
      text: 'Bonjour!',
      provider: 'ollama',
      finishReason: 'stop',
      usage: { inputTokens: 42, outputTokens: 3, totalTokens: 45 },
      cost: { totalUsd: 0, priced: true },
    });
    expect(net.ollama.chatRequests[0]).toMatchObject({
      model: 'llama3.2',
      stream: false,
      keep_alive: '10m',
      options: { temperature: 0.2, num_predict: 64, seed: 7 },
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('streams deltas with TTFT measured at the first content', async () => {
    net.ollama.script({ content: 'Streaming from a local model works fine.', delayMs: 20 });
    const events = await collect(model().stream({ messages: user('Stream please') }));
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    const last = events.at(-1);
    if (last?.type !== 'finish') throw new Error('no finish event');
    expect(deltas.map((d) => d.text).join('')).toBe('Streaming from a local model works fine.');
    expect(last.response.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(last.response.timeToFirstTokenMs).toBeLessThanOrEqual(last.response.latencyMs);
    expect(last.response.usage.outputTokens).toBeGreaterThan(0);
  });

  it('sends tools as JSON Schema, maps tool calls, and names the tool in the result turn', async () => {
    net.ollama.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const first = await model().generate({ messages: user('Weather in Oslo?'), tools: [weather] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toEqual([{ id: expect.any(String), name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    expect(net.ollama.chatRequests[0]?.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          },
        },
      },
    ]);
    const callId = first.toolCalls[0]?.id ?? '';
    await model().generate({
      messages: [
        ...user('Weather in Oslo?'),
        first.message,
        { role: 'tool', toolCallId: callId, content: '{"tempC":4}' },
      ],
      tools: [weather],
    });
    expect(net.ollama.chatRequests[1]?.messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }],
      },
      { role: 'tool', content: '{"tempC":4}', tool_name: 'get_weather' },
    ]);
  });

  it('streams tool calls as tool-call events', async () => {
    net.ollama.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const events = await collect(model().stream({ messages: user('Weather in Rome?'), tools: [weather] }));
    const calls = events.flatMap((e) => (e.type === 'tool-call' ? [e.toolCall] : []));
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([['get_weather', { city: 'Rome' }]]);
  });
});

describe('structured output through Ollama', () => {
  const Person = z.object({ name: z.string(), age: z.number() });

  it('sends the JSON schema as `format` and returns the validated object', async () => {
    net.ollama.script({ content: '{"name":"Ada","age":36}' });
    const { object } = await generateObject(model(), { messages: user('Who?') }, Person);
    expect(object).toEqual({ name: 'Ada', age: 36 });
    expect(net.ollama.chatRequests[0]?.format).toMatchObject({ type: 'object', required: ['name', 'age'] });
  });

  it('throws StructuredOutputError when the output is not JSON', async () => {
    net.ollama.script({ content: 'Ada Lovelace, 36' });
    const error = await generateObject(model(), { messages: user('Who?') }, Person).catch((e: unknown) => e);
    expect(isStructuredOutputError(error) && error.reason).toBe('not_json');
  });
});

describe('Ollama errors map to ProviderError kinds', () => {
  it('a model that is not pulled → invalid_request telling to run ollama pull', async () => {
    const error = await failure(model({ model: 'mistral-nemo' }).generate({ messages: user('hi') }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain('run `ollama pull mistral-nemo`');
  });

  it('host unreachable → unavailable naming the host', async () => {
    net.ollama.fail({ fault: 'network_error' });
    const error = await failure(model().generate({ messages: user('hi') }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain(HOST);
  });

  it('5xx → unavailable; 429 → rate_limit', async () => {
    net.ollama.fail({ fault: 'server_error', status: 503 });
    expect(await failure(model().generate({ messages: user('hi') }))).toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    net.ollama.fail({ fault: 'rate_limit' });
    expect(await failure(collect(model().stream({ messages: user('hi') })))).toMatchObject({
      kind: 'rate_limit',
      status: 429,
    });
  });

  it('no answer within timeoutMs → timeout', async () => {
    net.ollama.fail({ fault: 'timeout' });
    const error = await failure(model({ timeoutMs: 50 }).generate({ messages: user('hi') }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('50 ms');
  });

  it('malformed JSON → bad_response', async () => {
    net.ollama.fail({ fault: 'malformed_json' });
    expect(await failure(model().generate({ messages: user('hi') }))).toMatchObject({ kind: 'bad_response' });
  });

  it('a stream cut mid-way → bad_response', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // the client warns about the partial line
    net.ollama.script({ content: 'A long enough answer to be cut off in the middle by the emulator.' });
    net.ollama.fail({ fault: 'stream_cut', afterChunks: 2 });
    expect(await failure(collect(model().stream({ messages: user('hi') })))).toMatchObject({ kind: 'bad_response' });
    vi.restoreAllMocks();
  });

  it('the caller aborting → aborted', async () => {
    net.ollama.fail({ fault: 'timeout' });
    const controller = new AbortController();
    const pending = failure(model().generate({ messages: user('hi'), signal: controller.signal }));
    await vi.waitFor(() => expect(net.ollama.chatRequests).toHaveLength(1));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
  });
});

describe('OllamaEmbeddingModel', () => {
  it('embeds through /api/embed with the known dimensions and batching', async () => {
    const embedder = new OllamaEmbeddingModel({ maxBatchSize: 2 });
    expect(embedder).toMatchObject({ modelId: 'nomic-embed-text', dimensions: 768, normalized: true });
    const result = await embedder.embed(['one', 'two', 'three']);
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings.every((v) => v.length === 768)).toBe(true);
    expect(net.requests.filter((r) => r.path === '/api/embed')).toHaveLength(2);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.cost).toMatchObject({ totalUsd: 0, priced: true });
  });

  it('rejects vectors of the wrong length as bad_response, and an unknown model without dimensions as config', async () => {
    const wrong = new OllamaEmbeddingModel({ dimensions: 1024 });
    const error = await failure(wrong.embed(['x']));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toContain('768 dimensions, expected 1024');
    expect(() => new OllamaEmbeddingModel({ model: 'my-embedder' })).toThrow(/OLLAMA_EMBEDDING_DIMENSIONS/);
  });

  it('refuses an empty text before sending: Ollama would return no vector for it', async () => {
    const error = await failure(new OllamaEmbeddingModel().embed(['one', '']));
    expect(error).toMatchObject({ kind: 'invalid_request', message: expect.stringContaining('texts[1]') });
    expect(net.requests).toHaveLength(0);
  });
});

describe('keep_alive is checked as Ollama reads it, before anything is sent', () => {
  it.each(['300', '5 minutes', ''])('refuses %j with the server’s reason and the fix', (keepAlive) => {
    for (const create of [() => model({ keepAlive }), () => new OllamaEmbeddingModel({ keepAlive })]) {
      expect(create).toThrow(/would be refused by Ollama \(time: .*\): use a duration with a unit/);
    }
  });

  it.each(['300s', '30m', '1h30m', 300, -1, 0])('accepts %j', async (keepAlive) => {
    await model({ keepAlive }).generate({ messages: user('hi') });
    expect(net.ollama.chatRequests[0]?.keep_alive).toBe(keepAlive);
  });
});
