import { checkReadiness } from '@lab/readiness.ts';
import type { ReadinessCheck, ReadinessReport } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

const network = useMockNetwork();

/** The check with this id and subject, failing with a readable message when absent. */
function check(report: ReadinessReport, id: ReadinessCheck['id'], subject: string): ReadinessCheck {
  const found = report.checks.find((c) => c.id === id && c.subject === subject);
  expect(found, `no "${id}" check for ${subject} in ${JSON.stringify(report.checks)}`).toBeDefined();
  return found as ReadinessCheck;
}

function failures(report: ReadinessReport): ReadinessCheck[] {
  return report.checks.filter((c) => !c.ok);
}

describe('readiness: a healthy server with its models pulled and loaded is ready', () => {
  it('checks version, tags, warm-up and ps, and reports ready', async () => {
    network.ollama.version = '0.12.3';
    network.ollama.loaded = [{ name: 'llama3.2:latest' }];
    const report = await checkReadiness({ models: ['llama3.2'] });
    expect(failures(report)).toEqual([]);
    expect(report.ready).toBe(true);
    expect(report.version).toBe('0.12.3');
    expect(report.host).toBe('http://127.0.0.1:11434');
    for (const id of ['pulled', 'warm-up', 'loaded'] as const) expect(check(report, id, 'llama3.2').ok).toBe(true);
    const paths = network.ollama.requests.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/version', '/api/tags', '/api/ps', '/api/chat']));
  });

  it('warms the model up with one chat call that carries keep_alive and generates nothing', async () => {
    network.ollama.loaded = [{ name: 'llama3.2:latest' }];
    await checkReadiness({ models: ['llama3.2'], keepAlive: '45m' });
    expect(network.ollama.chatRequests).toHaveLength(1);
    const warmUp = network.ollama.chatRequests[0];
    expect(warmUp?.model).toBe('llama3.2');
    expect(warmUp?.keep_alive).toBe('45m');
    expect(warmUp?.messages ?? []).toEqual([]);
  });

  it('uses keep_alive 30m when none is given', async () => {
    network.ollama.loaded = [{ name: 'llama3.2:latest' }];
    await checkReadiness({ models: ['llama3.2'] });
    expect(network.ollama.chatRequests[0]?.keep_alive).toBe('30m');
  });
});

describe('readiness: every failure carries its fix', () => {
  it('a server that does not answer is one failed "server" check with the command that starts it', async () => {
    network.ollama.fail({ fault: 'network_error' }, 5);
    const report = await checkReadiness({ models: ['llama3.2'] });
    expect(report.ready).toBe(false);
    expect(report.checks).toHaveLength(1);
    const server = check(report, 'server', 'http://127.0.0.1:11434');
    expect(server.ok).toBe(false);
    expect(server.fix).toMatch(/ollama serve/);
    expect(server.fix).toMatch(/docker compose up/);
    expect(network.ollama.chatRequests).toHaveLength(0);
  });

  it('a server that answers too slowly fails within the timeout, not after it', async () => {
    network.ollama.setLatency(5_000);
    const report = await checkReadiness({ models: ['llama3.2'], timeoutMs: 50 });
    expect(report.ready).toBe(false);
    expect(check(report, 'server', 'http://127.0.0.1:11434').fix).toMatch(/ollama serve/);
  });

  it('a required model that is not pulled fails "pulled" with `ollama pull <model>`, and is not warmed up', async () => {
    network.ollama.loaded = [{ name: 'llama3.2:latest' }];
    const report = await checkReadiness({ models: ['llama3.2', 'qwen2.5:7b'] });
    expect(report.ready).toBe(false);
    const missing = check(report, 'pulled', 'qwen2.5:7b');
    expect(missing.ok).toBe(false);
    expect(missing.fix).toMatch(/ollama pull qwen2\.5:7b/);
    expect(check(report, 'pulled', 'llama3.2').ok).toBe(true);
    expect(network.ollama.chatRequests.map((r) => r.model)).toEqual(['llama3.2']);
  });

  it('a model that is not in /api/ps after the warm-up fails "loaded" with a keep_alive fix', async () => {
    // A server with no memory to keep it: the warm-up loads the model, which is unloaded at once.
    network.ollama.maxLoadedModels = 0;
    const report = await checkReadiness({ models: ['llama3.2'], keepAlive: '10m' });
    expect(report.ready).toBe(false);
    const loaded = check(report, 'loaded', 'llama3.2');
    expect(loaded.ok).toBe(false);
    expect(loaded.fix).toMatch(/keep_alive|OLLAMA_KEEP_ALIVE/);
  });

  it('a warm-up that fails (the runner cannot load the model) fails "warm-up" with a fix', async () => {
    network.ollama.loaded = [];
    network.ollama.script({ fault: 'server_error', status: 500 });
    const report = await checkReadiness({ models: ['llama3.2'] });
    expect(report.ready).toBe(false);
    const warmUp = check(report, 'warm-up', 'llama3.2');
    expect(warmUp.ok).toBe(false);
    expect(warmUp.fix ?? '').not.toBe('');
  });

  it('every failed check has a fix and every passed one has none', async () => {
    network.ollama.maxLoadedModels = 0;
    const report = await checkReadiness({ models: ['llama3.2', 'mistral'] });
    expect(failures(report).length).toBeGreaterThanOrEqual(2);
    for (const c of report.checks) {
      if (c.ok) expect(c.fix, `${c.id} ${c.subject} passed but has a fix`).toBeUndefined();
      else expect(c.fix, `${c.id} ${c.subject} failed without a fix`).toMatch(/\S/);
      expect(c.detail, `${c.id} ${c.subject} has no detail`).toMatch(/\S/);
    }
  });
});
