/**
 * Record and replay. The "live" side is testkit's own OpenAI and Ollama emulators served over a
 * real loopback HTTP server, so recording goes through the real network path (msw `bypass`); the
 * replay then runs with no emulator and no server at all.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OllamaChatModel, OpenAIChatModel, OpenAIEmbeddingModel } from '@workshop/llm';
import { getResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cassette,
  createOllamaEmulator,
  createOpenAIEmulator,
  createRecorder,
  loadCassette,
  REDACTED,
  replayCassette,
  saveCassette,
  useCassette,
} from '../src/index.ts';

const SECRET = 'sk-live-do-not-record-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'testkit-cassette-'));
const file = path.join(dir, 'session.json');

/** Serves msw handlers over real HTTP on loopback: the emulators become a "live" upstream. */
async function serve(handlers: () => HttpHandler[]): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      ...(body ? { body } : {}),
    });
    const response = (await getResponse(handlers(), request)) ?? new Response('no handler', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const piece of response.body) res.write(piece);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

/** The session under test: what an application would do with live providers. */
function session(url: string) {
  const openai = new OpenAIChatModel({ apiKey: SECRET, baseURL: `${url}/v1`, model: 'gpt-4o-mini' });
  const ollama = new OllamaChatModel({ host: url, model: 'llama3.2' });
  const embedder = new OpenAIEmbeddingModel({ apiKey: SECRET, baseURL: `${url}/v1`, model: 'text-embedding-3-small' });
  const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }], temperature: 0 });
  return {
    async run(question = 'What opens a circuit breaker?') {
      const answer = await openai.generate(ask(question));
      const deltas: string[] = [];
      for await (const event of openai.stream(ask('Stream the answer, please.'))) {
        if (event.type === 'text-delta') deltas.push(event.text);
      }
      const local = await ollama.generate(ask('Say hello from Ollama.'));
      const localDeltas: string[] = [];
      for await (const event of ollama.stream(ask('Stream from Ollama.'))) {
        if (event.type === 'text-delta') localDeltas.push(event.text);
      }
      const vectors = await embedder.embed(['circuit breaker', 'token budget']);
      return { answer: answer.text, usage: answer.usage, deltas, local: local.text, localDeltas, vectors };
    },
  };
}

let live: { server: Server; url: string } | undefined;
let recorded: Cassette | undefined;
let liveResult: Awaited<ReturnType<ReturnType<typeof session>['run']>> | undefined;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('record against live providers', () => {
  beforeAll(async () => {
    let handlers: HttpHandler[] = [];
    live = await serve(() => handlers);
    const openai = createOpenAIEmulator(`${live.url}/v1`, { models: [] });
    const ollama = createOllamaEmulator(live.url);
    openai.emulator.script(
      { content: 'Five consecutive failures open the circuit.', usage: { inputTokens: 12, outputTokens: 7 } },
      { content: 'Streamed answer in several pieces.' },
    );
    ollama.emulator.script({ content: 'Hello from Ollama.' }, { content: 'Streamed from Ollama.' });
    handlers = [...openai.handlers, ...ollama.handlers];

    const recorder = createRecorder();
    recorder.start();
    try {
      liveResult = await session(live.url).run();
    } finally {
      recorded = await recorder.stop();
    }
    saveCassette(file, recorded);
    // The live side goes away: from here on nothing answers on that port.
    await new Promise((resolve) => live?.server.close(resolve));
  });

  it('records every provider call, request and response', () => {
    expect(liveResult?.answer).toBe('Five consecutive failures open the circuit.');
    const calls = recorded?.interactions.map((i) => `${i.request.method} ${new URL(i.request.url).pathname}`);
    expect(calls).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/chat/completions',
      'POST /api/chat',
      'POST /api/chat',
      'POST /v1/embeddings',
    ]);
    const first = recorded?.interactions[0];
    expect(first?.request.body).toMatchObject({ kind: 'json', json: { model: 'gpt-4o-mini' } });
    expect(first?.response.status).toBe(200);
  });

  it('records streamed answers chunk by chunk', () => {
    const sse = recorded?.interactions[1]?.response.body;
    const ndjson = recorded?.interactions[3]?.response.body;
    expect(sse?.kind).toBe('stream');
    expect(ndjson?.kind).toBe('stream');
    if (sse?.kind !== 'stream' || ndjson?.kind !== 'stream') return;
    // How the bytes were split into chunks is up to the network; the events are what must survive.
    expect(sse.chunks.join('').match(/^data: /gm)?.length, 'every SSE event is kept').toBeGreaterThan(2);
    expect(sse.chunks.length).toBe(sse.gapsMs.length);
    expect(sse.chunks.join('')).toContain('data: [DONE]');
    expect(ndjson.chunks.join('')).toContain('"done":true');
  });

  it('strips secrets: no API key anywhere in the file', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(recorded?.interactions[0]?.request.headers.authorization).toBe(REDACTED);
  });
});

describe('replay offline', () => {
  const server = setupServer();
  let replay: ReturnType<typeof replayCassette> | undefined;
  beforeAll(() => {
    replay = replayCassette(loadCassette(file), { name: 'session.json' });
    server.use(...replay.handlers);
    server.listen({ onUnhandledFrame: 'error' });
  });
  afterAll(() => server.close());

  it('answers the same session with the recorded responses, streams included, with no provider running', async () => {
    const again = await session(live?.url ?? '').run();

    expect(again).toEqual(liveResult);
    expect(replay?.unused()).toEqual([]);
    expect(replay?.takeMismatches()).toEqual([]);
  });

  it('fails a request that is not in the cassette, showing the closest recorded one', async () => {
    const openai = new OpenAIChatModel({ apiKey: SECRET, baseURL: `${live?.url}/v1`, model: 'gpt-4o-mini' });

    await expect(
      openai.generate({ messages: [{ role: 'user', content: 'What closes a circuit breaker?' }], temperature: 0 }),
    ).rejects.toThrow();

    const [mismatch] = replay?.takeMismatches() ?? [];
    expect(mismatch?.request).toBe(`POST ${live?.url}/v1/chat/completions`);
    expect(mismatch?.message).toContain('closest recorded: #1 POST');
    expect(mismatch?.message).toContain('messages[0].content');
    expect(mismatch?.message).toContain('What opens a circuit breaker?');
    expect(mismatch?.message).toContain('What closes a circuit breaker?');
  });
});

describe('useCassette', () => {
  const cassette = useCassette(file, { mode: 'replay' });

  it('replays the file for the whole test file', async () => {
    const again = await session(live?.url ?? '').run();
    expect(cassette.mode).toBe('replay');
    expect(again.deltas.join('')).toBe('Streamed answer in several pieces.');
  });

  it('rejects a cassette with a broken field, naming it', () => {
    const broken = path.join(dir, 'broken.json');
    saveCassette(broken, { version: 1, recordedAt: '', interactions: [{ request: { method: 'GET' } }] } as never);
    expect(() => loadCassette(broken)).toThrow(/broken\.json: interactions\[0\]\.request: needs method and url/);
  });
});
