import { HttpResponse, http } from 'msw';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockNetwork } from '../src/index.ts';

const network = useMockNetwork({
  handlers: [http.get('http://status.test/health', () => HttpResponse.json({ ok: true }))],
});

describe('useMockNetwork()', () => {
  it('logs every request of every emulator in order', async () => {
    await new Ollama().version();
    await new OpenAI({ apiKey: 'k' }).models.list();
    await new Ollama().list();
    expect(network.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://127.0.0.1:11434/api/version',
      'GET https://api.openai.com/v1/models',
      'GET http://127.0.0.1:11434/api/tags',
    ]);
  });

  it('serves the file-wide handlers given as options', async () => {
    expect(await (await fetch('http://status.test/health')).json()).toEqual({ ok: true });
  });

  it('use() adds handlers for the current test, ahead of the emulators', async () => {
    network.use(http.get('https://api.openai.com/v1/models', () => HttpResponse.json({ object: 'list', data: [] })));
    const page = await new OpenAI({ apiKey: 'k' }).models.list();
    expect(page.data).toEqual([]);
  });

  it('drops use() handlers and latency after the test', async () => {
    const page = await new OpenAI({ apiKey: 'k' }).models.list();
    expect(page.data.length).toBeGreaterThan(0);
  });

  it('validates fail() and setLatency() arguments with a clear error', () => {
    expect(() => network.openai.fail({ fault: 'timeout' }, 0)).toThrow(
      'fail(): times must be a positive integer, got 0',
    );
    expect(() => network.ollama.setLatency(-1)).toThrow('setLatency(): ms must be a non-negative number, got -1');
  });
});
