/**
 * The Ollama emulator against Ollama's docs/openapi.yaml (spec/ollama.openapi.yaml) and the
 * behaviour of its Go server (api/types.go, server/routes.go): request validation, model loads,
 * embedding sizes. Streamed lines are validated one by one, as sent.
 */
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../../src/index.ts';
import { VendorSpecs } from './spec.ts';
import { ndjsonLines, send } from './wire.ts';

const network = useMockNetwork();
const specs = new VendorSpecs();

const post = (route: string, body: unknown) => send(`${network.ollama.baseURL}${route}`, { body });
const get = (route: string) => send(`${network.ollama.baseURL}${route}`);
const user = [{ role: 'user', content: 'hello there' }];

describe('Ollama conformance: /api/chat', () => {
  it('a non-streamed answer is a ChatResponse that says why it stopped', async () => {
    const answer = await post('/api/chat', { model: 'llama3.2', messages: user, stream: false });
    expect(specs.check('ollama', 'ChatResponse', answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('every streamed line is a ChatStreamEvent; the last is done', async () => {
    const lines = ndjsonLines((await post('/api/chat', { model: 'llama3.2', messages: user })).text);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(specs.check('ollama', 'ChatStreamEvent', line)).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('tool calls carry their arguments as an object', async () => {
    network.ollama.script({ toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] });
    const answer = await post('/api/chat', { model: 'llama3.2', messages: user, stream: false });
    expect(specs.check('ollama', 'ChatResponse', answer.body)).toEqual([]);
  });

  it('an unknown model is a 404 ErrorResponse', async () => {
    const answer = await post('/api/chat', { model: 'nope', messages: user, stream: false });
    expect(answer.status).toBe(404);
    expect(specs.check('ollama', 'ErrorResponse', answer.body)).toEqual([]);
  });

  it('refuses chat with an embedding model, as the server checks the completion capability', async () => {
    const answer = await post('/api/chat', { model: 'nomic-embed-text', messages: user, stream: false });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: '"nomic-embed-text" does not support chat' });
  });

  it.each([
    ['300', 'time: missing unit in duration "300"'],
    ['5 minutes', 'time: unknown unit " minutes" in duration "5 minutes"'],
    ['', 'time: invalid duration ""'],
  ])('refuses keep_alive %j as Go’s time.ParseDuration does', async (keepAlive, message) => {
    const answer = await post('/api/chat', { model: 'llama3.2', messages: user, stream: false, keep_alive: keepAlive });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: message });
  });

  it.each([['30m'], ['1h30m'], ['90s'], [300], [-1], ['-1m']])('accepts keep_alive %j', async (keepAlive) => {
    const answer = await post('/api/chat', { model: 'llama3.2', messages: user, stream: false, keep_alive: keepAlive });
    expect(answer.status).toBe(200);
  });
});

describe('Ollama conformance: model loads', () => {
  it('an empty chat loads the model (done_reason load) and /api/ps lists it with its context length', async () => {
    const load = await post('/api/chat', { model: 'llama3.2', messages: [], stream: false, keep_alive: '10m' });
    expect(specs.check('ollama', 'ChatResponse', load.body)).toEqual([]);
    expect(load.body).toMatchObject({ done: true, done_reason: 'load', message: { role: 'assistant', content: '' } });
    const ps = await get('/api/ps');
    expect(specs.check('ollama', 'PsResponse', ps.body)).toEqual([]);
    const [running] = (ps.body as { models: { name: string; context_length: number; expires_at: string }[] }).models;
    expect(running?.name).toBe('llama3.2:latest');
    expect(running?.context_length).toBeGreaterThan(0);
    const expiresIn = Date.parse(running?.expires_at ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
  });

  it('keep_alive 0 with no messages unloads it (done_reason unload)', async () => {
    await post('/api/chat', { model: 'llama3.2', messages: [], stream: false });
    const unload = await post('/api/chat', { model: 'llama3.2', messages: [], stream: false, keep_alive: 0 });
    expect(unload.body).toMatchObject({ done: true, done_reason: 'unload' });
    expect((await get('/api/ps')).body).toEqual({ models: [] });
  });

  it('a generation loads the model too, with num_ctx as its context length', async () => {
    await post('/api/chat', { model: 'llama3.2', messages: user, stream: false, options: { num_ctx: 8192 } });
    expect((await get('/api/ps')).body).toMatchObject({ models: [{ name: 'llama3.2:latest', context_length: 8192 }] });
  });
});

describe('Ollama conformance: embeddings', () => {
  it('/api/embed is an EmbedResponse at the model’s native size', async () => {
    const answer = await post('/api/embed', { model: 'nomic-embed-text', input: ['a', 'b'] });
    expect(specs.check('ollama', 'EmbedResponse', answer.body)).toEqual([]);
    for (const vector of (answer.body as { embeddings: number[][] }).embeddings) expect(vector).toHaveLength(768);
  });

  it('dimensions shortens (and renormalises) but never grows past the native size', async () => {
    const input = 'a text long enough to reach many of the vector buckets, so the cut keeps some of them';
    const shorter = await post('/api/embed', { model: 'nomic-embed-text', input, dimensions: 256 });
    const [vector = []] = (shorter.body as { embeddings: number[][] }).embeddings;
    expect(vector).toHaveLength(256);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    const larger = await post('/api/embed', { model: 'nomic-embed-text', input, dimensions: 4096 });
    expect((larger.body as { embeddings: number[][] }).embeddings[0]).toHaveLength(768);
  });

  it('an empty input only loads the model: no embeddings', async () => {
    const answer = await post('/api/embed', { model: 'nomic-embed-text', input: '' });
    expect(answer.body).toMatchObject({ model: 'nomic-embed-text', embeddings: [] });
  });
});

describe('Ollama conformance: model endpoints', () => {
  it('/api/tags is a ListResponse', async () => {
    expect(specs.check('ollama', 'ListResponse', (await get('/api/tags')).body)).toEqual([]);
  });

  it('/api/version is a VersionResponse', async () => {
    expect(specs.check('ollama', 'VersionResponse', (await get('/api/version')).body)).toEqual([]);
  });

  it('/api/show is a ShowResponse naming the capabilities', async () => {
    const answer = await post('/api/show', { model: 'nomic-embed-text' });
    expect(specs.check('ollama', 'ShowResponse', answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ capabilities: ['embedding'] });
  });

  it('/api/pull streams StatusEvents, or answers one StatusResponse with stream false', async () => {
    for (const line of ndjsonLines((await post('/api/pull', { model: 'phi3' })).text)) {
      expect(specs.check('ollama', 'StatusEvent', line)).toEqual([]);
    }
    const once = await post('/api/pull', { model: 'qwen3', stream: false });
    expect(specs.check('ollama', 'StatusResponse', once.body)).toEqual([]);
  });
});
