import { hashEmbedding } from '@workshop/llm';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../src/index.ts';

const network = useMockNetwork();

/** The real client, without retries so fault tests see the first answer. */
function client(options: ConstructorParameters<typeof OpenAI>[0] = {}) {
  return new OpenAI({ apiKey: 'sk-test', maxRetries: 0, ...options });
}

const ask = (content: string) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content }],
});

describe('OpenAI emulator: chat completions', () => {
  it('answers with the scripted reply and reports usage', async () => {
    network.openai.script({ content: 'Paris', usage: { inputTokens: 12, outputTokens: 1 } });
    const completion = await client().chat.completions.create(ask('Capital of France?'));
    expect(completion.choices[0]?.message.content).toBe('Paris');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 });
    expect(network.openai.chatRequests[0]).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ content: 'Capital of France?' }],
    });
  });

  it('consumes scripted replies in order, then echoes the last user message', async () => {
    network.openai.script({ content: 'first' }, { content: 'second' });
    const openai = client();
    const texts: (string | null | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      texts.push((await openai.chat.completions.create(ask(`question ${i}`))).choices[0]?.message.content);
    }
    expect(texts).toEqual(['first', 'second', 'question 2']);
  });

  it('answers from the request with a responder when the script is empty, and forgets it after the test', async () => {
    network.openai.respond(({ messages, body }) => ({
      content: `${body.model} read ${messages.length} message(s), last: ${messages.at(-1)?.content}`,
    }));
    network.openai.script({ content: 'scripted first' });
    const openai = client();
    const first = await openai.chat.completions.create(ask('one'));
    const second = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
      ],
    });
    expect(first.choices[0]?.message.content).toBe('scripted first');
    expect(second.choices[0]?.message.content).toBe('gpt-4o-mini read 2 message(s), last: two');
    network.openai.fail({ fault: 'server_error' });
    await expect(openai.chat.completions.create(ask('three'))).rejects.toBeInstanceOf(InternalServerError);
    network.openai.respond(undefined);
    expect((await openai.chat.completions.create(ask('echo'))).choices[0]?.message.content).toBe('echo');
  });

  it('forgets scripts after each test (this one sees the default reply)', async () => {
    network.openai.script({ content: 'left over' });
    // The next test asserts the leftover script is gone.
  });

  it('starts each test with an empty script and request log', async () => {
    expect(network.openai.requests).toHaveLength(0);
    const completion = await client().chat.completions.create(ask('echo me'));
    expect(completion.choices[0]?.message.content).toBe('echo me');
  });

  it('streams the reply as several chunks the client assembles', async () => {
    network.openai.script({ content: 'The quick brown fox' });
    const stream = await client().chat.completions.create({ ...ask('go'), stream: true });
    const deltas: string[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
    }
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('The quick brown fox');
    expect(finish).toBe('stop');
  });

  it('sends a usage chunk only when stream_options.include_usage is set', async () => {
    network.openai.script({ content: 'a b', usage: { inputTokens: 5, outputTokens: 2 } }, { content: 'a b' });
    const openai = client();
    const usages = async (includeUsage: boolean) => {
      const stream = await openai.chat.completions.create({
        ...ask('go'),
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      const found = [];
      for await (const chunk of stream) if (chunk.usage) found.push(chunk.usage);
      return found;
    };
    expect(await usages(true)).toEqual([
      { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } },
    ]);
    expect(await usages(false)).toEqual([]);
  });

  it('streams tool calls as fragments that the client helper assembles', async () => {
    network.openai.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' }, id: 'call_1' },
        { name: 'get_time', arguments: { zone: 'Europe/Paris' } },
      ],
    });
    const runner = client().chat.completions.stream({
      ...ask('Weather and time in Paris?'),
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
      ],
    });
    const completion = await runner.finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const calls = choice?.message.tool_calls?.map((call) =>
      call.type === 'function'
        ? { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) }
        : null,
    );
    expect(calls?.[0]).toEqual({ id: 'call_1', name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } });
    expect(calls?.[1]).toMatchObject({ name: 'get_time', args: { zone: 'Europe/Paris' } });
  });

  it('returns tool calls non-streamed, with raw string arguments sent as is', async () => {
    network.openai.script({ toolCalls: [{ name: 'lookup', arguments: '{"id": 4' }] });
    const completion = await client().chat.completions.create(ask('look it up'));
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({ name: 'lookup', arguments: '{"id": 4' });
    expect(completion.choices[0]?.message.content).toBeNull();
  });

  it('returns scripted JSON content for response_format json_schema, valid or not', async () => {
    network.openai.script({ content: '{"amount": 42}' }, { content: '{"amount": ' });
    const openai = client();
    const request = {
      ...ask('extract'),
      response_format: {
        type: 'json_schema' as const,
        json_schema: { name: 'Amount', schema: { type: 'object', properties: { amount: { type: 'number' } } } },
      },
    };
    const valid = await openai.chat.completions.create(request);
    expect(JSON.parse(valid.choices[0]?.message.content ?? '')).toEqual({ amount: 42 });
    const invalid = await openai.chat.completions.create(request);
    expect(() => JSON.parse(invalid.choices[0]?.message.content ?? '')).toThrow(SyntaxError);
    expect(network.openai.chatRequests[0]?.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('answers 404 model_not_found for a model it does not list', async () => {
    const error = await client()
      .chat.completions.create({ ...ask('hi'), model: 'gpt-nonexistent' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
  });

  it('answers a retired snapshot as OpenAI does, and drops it from /models', async () => {
    network.openai.models = [...network.openai.models, 'gpt-4o-mini-2024-07-18'];
    network.openai.retiredModels = ['gpt-4o-mini-2024-07-18'];
    const error = await client()
      .chat.completions.create({ ...ask('hi'), model: 'gpt-4o-mini-2024-07-18' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
    expect((error as NotFoundError).message).toContain('has been deprecated');
    const listed = await client().models.list();
    expect(listed.data.map((m) => m.id)).not.toContain('gpt-4o-mini-2024-07-18');
    expect((await client().chat.completions.create(ask('hi'))).model).toBe('gpt-4o-mini');
  });

  it('reports the scripted model instead of the requested one, streamed or not', async () => {
    network.openai.script({ content: 'Hi', model: 'gpt-4o-mini-2025-01-01' }, { content: 'Hi', model: 'other' });
    expect((await client().chat.completions.create(ask('hi'))).model).toBe('gpt-4o-mini-2025-01-01');
    const chunks = await client().chat.completions.create({ ...ask('hi'), stream: true });
    const models = new Set<string>();
    for await (const chunk of chunks) models.add(chunk.model);
    expect([...models]).toEqual(['other']);
  });
});

describe('OpenAI emulator: faults', () => {
  it('rate_limit: the client sees 429 with Retry-After and an OpenAI error body', async () => {
    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 7 });
    const error = await client()
      .chat.completions.create(ask('hi'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get('retry-after')).toBe('7');
    expect(rateLimit.code).toBe('rate_limit_exceeded');
  });

  it('fails only the next `times` requests; the client retries past them', async () => {
    network.openai.fail({ fault: 'rate_limit', retryAfterSeconds: 0 }, 2);
    network.openai.script({ content: 'finally' });
    const completion = await client({ maxRetries: 2 }).chat.completions.create(ask('hi'));
    expect(completion.choices[0]?.message.content).toBe('finally');
    expect(network.openai.requests).toHaveLength(3);
  });

  it('server_error: the client sees the 5xx status and message', async () => {
    network.openai.fail({ fault: 'server_error', status: 503 });
    const error = await client()
      .chat.completions.create(ask('hi'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect((error as Error).message).toContain('The server had an error');
  });

  it('faults can be scripted in place of a reply', async () => {
    network.openai.script({ fault: 'server_error' }, { content: 'recovered' });
    const openai = client();
    await expect(openai.chat.completions.create(ask('hi'))).rejects.toBeInstanceOf(InternalServerError);
    expect((await openai.chat.completions.create(ask('hi'))).choices[0]?.message.content).toBe('recovered');
  });

  it('timeout: the request hangs until the client times out', async () => {
    network.openai.fail({ fault: 'timeout' });
    const error = await client({ timeout: 50 })
      .chat.completions.create(ask('hi'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('latency: setLatency and delayMs delay answers past a short client timeout', async () => {
    network.openai.setLatency(10_000);
    await expect(client({ timeout: 50 }).chat.completions.create(ask('hi'))).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    network.openai.setLatency(0);
    network.openai.script({ content: 'slow', delayMs: 10_000 });
    await expect(client({ timeout: 50 }).chat.completions.create(ask('hi'))).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
  });

  it('malformed_json: the client fails to parse a non-streamed body', async () => {
    network.openai.fail({ fault: 'malformed_json' });
    await expect(client().chat.completions.create(ask('hi'))).rejects.toThrow(/JSON/);
  });

  it('malformed_json: a streamed chunk that is not JSON fails the stream', async () => {
    network.openai.fail({ fault: 'malformed_json' });
    const stream = await client().chat.completions.create({ ...ask('hi'), stream: true });
    await expect(async () => {
      for await (const _ of stream) {
        // drain
      }
    }).rejects.toThrow(/malformed/);
  });

  it('stream_cut: the stream delivers some chunks, then the connection drops', async () => {
    network.openai.script({ content: 'one two three four five' });
    network.openai.fail({ fault: 'stream_cut', afterChunks: 3 });
    // fail() cuts whatever the next request answers: here the scripted reply.
    const stream = await client().chat.completions.create({ ...ask('hi'), stream: true });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(received.join('')).toBe('one two ');
    expect(received).toHaveLength(3);
  });

  it('network_error: the client sees a connection error', async () => {
    network.openai.fail({ fault: 'network_error' });
    const error = await client()
      .chat.completions.create(ask('hi'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('records requests answered with a fault', async () => {
    network.openai.fail({ fault: 'server_error' });
    await client()
      .chat.completions.create(ask('recorded'))
      .catch(() => undefined);
    expect(network.openai.chatRequests).toHaveLength(1);
    expect(network.openai.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(network.openai.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });
});

describe('OpenAI emulator: embeddings and models', () => {
  it('returns deterministic hashing embeddings, decoded from base64 by default', async () => {
    const openai = client();
    const result = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['refund policy', 'shipping'],
    });
    expect(network.openai.embeddingRequests[0]?.encoding_format).toBe('base64');
    expect(result.data).toHaveLength(2);
    const [first, second] = result.data.map((d) => Array.from(d.embedding));
    expect(first).toHaveLength(1536);
    expect(first).toEqual(Array.from(new Float32Array(hashEmbedding('refund policy', 1536))));
    expect(second).not.toEqual(first);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('returns float arrays for encoding_format float, equal to the base64 decoding', async () => {
    const openai = client();
    const floats = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same text',
      encoding_format: 'float',
    });
    const decoded = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'same text' });
    expect(floats.data[0]?.embedding).toEqual(hashEmbedding('same text', 1536));
    expect(Array.from(decoded.data[0]?.embedding ?? [])).toEqual(
      Array.from(new Float32Array(hashEmbedding('same text', 1536))),
    );
  });

  it('honours dimensions', async () => {
    const result = await client().embeddings.create({
      model: 'text-embedding-3-large',
      input: 'short',
      dimensions: 64,
      encoding_format: 'float',
    });
    expect(result.data[0]?.embedding).toEqual(hashEmbedding('short', 64));
  });

  it('lists its models, which tests may change', async () => {
    const openai = client();
    const ids = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    network.openai.models = ['my-fine-tune'];
    const page = await openai.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['my-fine-tune']);
    await expect(openai.chat.completions.create(ask('hi'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('openaiCompatible()', () => {
  it('serves another base URL, accepts any model, and logs requests apart', async () => {
    const vllm = network.openaiCompatible('http://vllm.test/v1/');
    expect(vllm.baseURL).toBe('http://vllm.test/v1');
    expect(network.openaiCompatible('http://vllm.test/v1')).toBe(vllm);
    vllm.script({ content: 'from vllm' });
    const completion = await client({ baseURL: 'http://vllm.test/v1' }).chat.completions.create({
      ...ask('hi'),
      model: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    expect(completion.choices[0]?.message.content).toBe('from vllm');
    await client().chat.completions.create(ask('to openai'));
    expect(vllm.requests).toHaveLength(1);
    expect(network.openai.requests).toHaveLength(1);
    expect(network.requests.map((r) => r.url)).toEqual([
      'http://vllm.test/v1/chat/completions',
      'https://api.openai.com/v1/chat/completions',
    ]);
  });

  it('keeps a compatible endpoint for the rest of the file, reset between tests', async () => {
    const vllm = network.openaiCompatible('http://vllm.test/v1');
    expect(vllm.requests).toHaveLength(0);
    const completion = await client({ baseURL: vllm.baseURL }).chat.completions.create({
      ...ask('still here'),
      model: 'any',
    });
    expect(completion.choices[0]?.message.content).toBe('still here');
  });
});

describe('OpenAI emulator: prompt caching', () => {
  // About 1,400 estimated tokens: over the 1,024-token minimum.
  const policy = { role: 'system' as const, content: 'Refunds take five working days. '.repeat(175) };
  const cachedOf = (completion: OpenAI.Chat.ChatCompletion) => completion.usage?.prompt_tokens_details?.cached_tokens;

  it('reports cached_tokens in 128-token steps when a prompt repeats the prefix of an earlier one', async () => {
    const openai = client();
    const first = await openai.chat.completions.create({
      ...ask('Where is my refund?'),
      messages: [policy, { role: 'user', content: 'Where is my refund?' }],
    });
    const second = await openai.chat.completions.create({
      ...ask('x'),
      messages: [policy, { role: 'user', content: 'Can I pay by card?' }],
    });
    expect(cachedOf(first)).toBe(0);
    const cached = cachedOf(second) ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage?.prompt_tokens ?? 0);
  });

  it('caches nothing when the prompts differ early, under 1,024 tokens, across models, or after a reset', async () => {
    const openai = client();
    const stamped = (time: string) => [
      { role: 'system' as const, content: `Now: ${time}. ${policy.content}` },
      { role: 'user' as const, content: 'hi' },
    ];
    await openai.chat.completions.create({ ...ask('x'), messages: stamped('10:00') });
    expect(cachedOf(await openai.chat.completions.create({ ...ask('x'), messages: stamped('10:01') }))).toBe(0);
    const short = [
      { role: 'system' as const, content: 'Be brief. '.repeat(300) },
      { role: 'user' as const, content: 'hi' },
    ];
    await openai.chat.completions.create({ ...ask('x'), messages: short });
    expect(cachedOf(await openai.chat.completions.create({ ...ask('x'), messages: short }))).toBe(0);
    const other = await openai.chat.completions.create({ model: 'gpt-4o', messages: stamped('10:00') });
    expect(cachedOf(other)).toBe(0);
    network.openai.reset();
    expect(cachedOf(await openai.chat.completions.create({ ...ask('x'), messages: stamped('10:01') }))).toBe(0);
  });

  it('a scripted cachedInputTokens overrides the emulated cache', async () => {
    network.openai.script({ content: 'ok', usage: { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1536 } });
    expect(cachedOf(await client().chat.completions.create(ask('hi')))).toBe(1536);
  });
});
