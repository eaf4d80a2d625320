import { hashEmbedding } from '@workshop/llm';
import { type ChatResponse, Ollama } from 'ollama';
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../src/index.ts';

const network = useMockNetwork();

const ollama = () => new Ollama();
const messages = (content: string) => [{ role: 'user', content }];

/** What the client throws for an HTTP error (`ResponseError` is not exported by `ollama`). */
interface OllamaResponseError extends Error {
  status_code: number;
  error: string;
}

describe('Ollama emulator: /api/chat', () => {
  it('streams NDJSON by default: content pieces, then done with counts and durations', async () => {
    network.ollama.script({ content: 'Hello from llama', usage: { inputTokens: 9, outputTokens: 4 } });
    const parts = await ollama().chat({ model: 'llama3.2', messages: messages('hi'), stream: true });
    const pieces: string[] = [];
    let last: ChatResponse | undefined;
    for await (const part of parts) {
      if (part.message.content) pieces.push(part.message.content);
      last = part;
    }
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Hello from llama');
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 4 });
    expect(last?.eval_duration).toBeGreaterThan(0);
    expect(last?.total_duration).toBeGreaterThanOrEqual((last?.eval_duration ?? 0) + (last?.prompt_eval_duration ?? 0));
  });

  it('streams when the request omits `stream`, as Ollama defaults to true', async () => {
    const response = await fetch(`${network.ollama.baseURL}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', messages: messages('a b c') }),
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatchObject({ done: true });
  });

  it('answers one JSON object with stream: false, echoing the last user message by default', async () => {
    const response = await ollama().chat({ model: 'llama3.2:latest', messages: messages('echo me'), stream: false });
    expect(response.message).toEqual({ role: 'assistant', content: 'echo me' });
    expect(response.done).toBe(true);
    expect(response.prompt_eval_count).toBeGreaterThan(0);
  });

  it('reports the scripted model instead of the requested one', async () => {
    network.ollama.script({ content: 'Hi', model: 'llama3.2:3b-instruct-fp16' });
    const response = await ollama().chat({ model: 'llama3.2:latest', messages: messages('hi'), stream: false });
    expect(response.model).toBe('llama3.2:3b-instruct-fp16');
  });

  it('returns tool calls in Ollama shape: arguments as an object', async () => {
    network.ollama.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const response = await ollama().chat({
      model: 'llama3.2',
      messages: messages('weather?'),
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      stream: false,
    });
    expect(response.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }]);
    expect(network.ollama.chatRequests[0]?.tools).toHaveLength(1);
  });

  it('streams tool calls whole in one line', async () => {
    network.ollama.script({ content: 'Checking.', toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] });
    const parts = await ollama().chat({ model: 'llama3.2', messages: messages('x'), stream: true });
    const calls = [];
    for await (const part of parts) calls.push(...(part.message.tool_calls ?? []));
    expect(calls).toEqual([{ function: { name: 'lookup', arguments: { id: 7 } } }]);
  });

  it('accepts `format` and returns the scripted content as is', async () => {
    network.ollama.script({ content: '{"ok": true}' });
    const response = await ollama().chat({
      model: 'llama3.2',
      messages: messages('json'),
      format: 'json',
      stream: false,
    });
    expect(JSON.parse(response.message.content)).toEqual({ ok: true });
    expect(network.ollama.chatRequests[0]?.format).toBe('json');
  });

  it("answers 404 with Ollama's message for a model that is not pulled", async () => {
    const error = (await ollama()
      .chat({ model: 'mistral', messages: messages('hi'), stream: false })
      .catch((e: unknown) => e)) as OllamaResponseError;
    expect(error.status_code).toBe(404);
    expect(error.message).toBe('model "mistral" not found, try pulling it first');
  });
});

describe('Ollama emulator: faults', () => {
  it('rate_limit and server_error reach the client with status and message', async () => {
    network.ollama.fail({ fault: 'rate_limit', retryAfterSeconds: 3 });
    network.ollama.fail({ fault: 'server_error', status: 502 });
    const client = ollama();
    const first = (await client
      .chat({ model: 'llama3.2', messages: messages('a'), stream: false })
      .catch((e: unknown) => e)) as OllamaResponseError;
    const second = (await client
      .chat({ model: 'llama3.2', messages: messages('a'), stream: false })
      .catch((e: unknown) => e)) as OllamaResponseError;
    expect(first.status_code).toBe(429);
    expect(second.status_code).toBe(502);
    expect(second.message).toContain('server had an error');
  });

  it('timeout: the request hangs until the client aborts it', async () => {
    network.ollama.fail({ fault: 'timeout' });
    const client = new Ollama({ fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(50) }) });
    const error = (await client
      .chat({ model: 'llama3.2', messages: messages('a'), stream: false })
      .catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('TimeoutError');
  });

  it('malformed_json: the client skips a line that is not JSON, then fails for lack of done', async () => {
    network.ollama.fail({ fault: 'malformed_json' });
    const parts = await ollama().chat({ model: 'llama3.2', messages: messages('a'), stream: true });
    await expect(async () => {
      for await (const _ of parts) {
        // drain
      }
    }).rejects.toThrow('Did not receive done or success response in stream.');
  });

  it('stream_cut: some lines arrive, then the connection drops before done', async () => {
    network.ollama.script({ content: 'one two three four' });
    network.ollama.fail({ fault: 'stream_cut', afterChunks: 2 });
    const parts = await ollama().chat({ model: 'llama3.2', messages: messages('a'), stream: true });
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const part of parts) pieces.push(part.message.content);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(pieces).toEqual(['one ', 'two ']);
  });

  it('network_error: the client fails to connect', async () => {
    network.ollama.fail({ fault: 'network_error' });
    await expect(ollama().list()).rejects.toThrow(/fetch failed/);
  });
});

describe('Ollama emulator: embeddings and model endpoints', () => {
  it('/api/embed returns deterministic hashing embeddings at the model dimension', async () => {
    const result = await ollama().embed({ model: 'nomic-embed-text', input: ['alpha', 'beta'] });
    expect(result.embeddings).toEqual([hashEmbedding('alpha', 768), hashEmbedding('beta', 768)]);
    expect(result.prompt_eval_count).toBeGreaterThan(0);
  });

  it('/api/embed shortens to dimensions as Ollama does (cut, renormalised) and rejects models that are not pulled', async () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu';
    const result = await ollama().embed({ model: 'nomic-embed-text', input: text, dimensions: 32 });
    const cut = hashEmbedding(text, 768).slice(0, 32);
    const norm = Math.hypot(...cut);
    expect(norm).toBeGreaterThan(0);
    expect(result.embeddings[0]).toEqual(cut.map((x) => x / norm));
    await expect(ollama().embed({ model: 'bge-m3', input: 'x' })).rejects.toThrow('model "bge-m3" not found');
  });

  it('/api/tags, /api/ps and /api/version reflect what the test sets', async () => {
    const client = ollama();
    expect((await client.list()).models.map((m) => m.name)).toEqual(['llama3.2:latest', 'nomic-embed-text:latest']);
    expect((await client.ps()).models).toEqual([]);
    network.ollama.pulled = [{ name: 'qwen2.5:0.5b', size: 397_000_000, digest: 'abc' }];
    network.ollama.loaded = [{ name: 'qwen2.5:0.5b', expiresAt: '2030-01-01T00:00:00Z' }];
    network.ollama.version = '0.99.0';
    expect((await client.list()).models).toMatchObject([{ name: 'qwen2.5:0.5b', size: 397_000_000, digest: 'abc' }]);
    expect((await client.ps()).models).toMatchObject([{ name: 'qwen2.5:0.5b', expires_at: '2030-01-01T00:00:00Z' }]);
    expect((await client.version()).version).toBe('0.99.0');
  });

  it('/api/pull makes a model available to chat; /api/show describes it', async () => {
    const client = ollama();
    await expect(client.show({ model: 'phi3' })).rejects.toThrow(/not found/);
    const progress = [];
    for await (const step of await client.pull({ model: 'phi3', stream: true })) progress.push(step.status);
    expect(progress.at(-1)).toBe('success');
    expect((await client.show({ model: 'phi3' })).capabilities).toContain('completion');
    const reply = await client.chat({ model: 'phi3', messages: messages('now works'), stream: false });
    expect(reply.message.content).toBe('now works');
  });

  it('resets pulled models after each test', async () => {
    expect((await ollama().list()).models.map((m) => m.name)).not.toContain('phi3:latest');
  });
});
