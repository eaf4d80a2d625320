import { checkOps } from '@lab/ops-check.ts';
import { parseOpsConfig } from '@lab/ops-config.ts';
import type { OpsFinding, OpsReport } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { digest, opsInput } from './support.ts';

const network = useMockNetwork();

function only(report: OpsReport, id: OpsFinding['id']): OpsFinding {
  const found = report.findings.filter((f) => f.id === id);
  expect(found, `expected one "${id}" finding in ${JSON.stringify(report.findings)}`).toHaveLength(1);
  return found[0] as OpsFinding;
}

/** The server holds llama3.2:latest with this digest. */
function serve(hex = digest('llama3.2')) {
  network.ollama.pulled = [{ name: 'llama3.2:latest', digest: hex }];
}

describe('DoD-6 ops: the config is validated before anything runs', () => {});

describe('DoD-6 ops: pins are checked against the live server', () => {
  it('a config that matches the server has no finding', async () => {
    serve();
    const report = await checkOps(parseOpsConfig(opsInput()), { measuredP95Ms: 1_500 });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(network.ollama.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/version', '/api/ps', '/api/tags']),
    );
  });

  it('a digest that differs from the pin is an error (the weights changed under you)', async () => {
    serve(digest('llama3.2, re-pulled'));
    const report = await checkOps(parseOpsConfig(opsInput()));
    expect(report.ok).toBe(false);
    const finding = only(report, 'digest-mismatch');
    expect(finding).toMatchObject({ severity: 'error', subject: 'llama3.2:latest' });
    expect(finding.fix).toMatch(/\S/);
  });

  it('accepts the pin with or without the sha256: prefix, and a model named without :latest', async () => {
    serve();
    const models = [{ name: 'llama3.2', digest: digest('llama3.2'), keepAlive: 600 }];
    expect((await checkOps(parseOpsConfig(opsInput({ models })))).findings).toEqual([]);
  });

  it('a model not pinned by digest is an error whose fix is the digest to pin', async () => {
    serve();
    const models = [{ name: 'llama3.2:latest', keepAlive: '30m' }];
    const report = await checkOps(parseOpsConfig(opsInput({ models })));
    expect(report.ok).toBe(false);
    expect(only(report, 'unpinned').fix).toContain(digest('llama3.2'));
  });

  it('a pinned model that is not on the server is an error with `ollama pull`', async () => {
    network.ollama.pulled = [];
    const report = await checkOps(parseOpsConfig(opsInput()));
    expect(only(report, 'not-pulled').fix).toMatch(/ollama pull llama3\.2:latest/);
  });
});

describe('DoD-6 ops: probes, limits and timeouts are exercised, not just listed', () => {
  it('a probe that does not answer within its timeout is an error naming the probe', async () => {
    serve();
    network.ollama.setLatency(120);
    const input = opsInput({
      probes: [{ name: 'liveness', endpoint: '/api/version', intervalSeconds: 10, timeoutMs: 50, failureThreshold: 3 }],
    });
    const report = await checkOps(parseOpsConfig(input));
    expect(report.ok).toBe(false);
    expect(only(report, 'probe')).toMatchObject({ severity: 'error', subject: 'liveness' });
  });

  it('a server that is down fails the probes and the pin check, each with a fix', async () => {
    network.ollama.fail({ fault: 'network_error' }, 10);
    const report = await checkOps(parseOpsConfig(opsInput()));
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.id === 'probe')).toHaveLength(2);
    expect(only(report, 'server').fix).toMatch(/ollama serve|docker compose/);
  });

  it('a queue that cannot drain before the request timeout is an error with the safe OLLAMA_MAX_QUEUE', async () => {
    serve();
    // 64 queued / 2 parallel = 32 rounds + its own = 33 × 2 s = 66 s > 60 s.
    const input = opsInput({ server: { numParallel: 2, maxQueue: 64, maxLoadedModels: 1 } });
    const report = await checkOps(parseOpsConfig(input), { measuredP95Ms: 2_000 });
    expect(report.ok).toBe(false);
    // (floor(60 s / 2 s) − 1) × 2 = 58 requests can wait and still finish in time.
    expect(only(report, 'queue').fix).toMatch(/OLLAMA_MAX_QUEUE=58\b/);
    const relaxed = await checkOps(parseOpsConfig(input), { measuredP95Ms: 1_500 });
    expect(relaxed.findings.filter((f) => f.id === 'queue')).toEqual([]);
  });

  it('more pinned models than OLLAMA_MAX_LOADED_MODELS is a warning, not an error', async () => {
    network.ollama.pulled = [
      { name: 'llama3.2:latest', digest: digest('llama3.2') },
      { name: 'qwen2.5:7b', digest: digest('qwen') },
    ];
    const models = [
      { name: 'llama3.2:latest', digest: digest('llama3.2'), keepAlive: '30m' },
      { name: 'qwen2.5:7b', digest: digest('qwen'), keepAlive: '30m' },
    ];
    const report = await checkOps(parseOpsConfig(opsInput({ models })));
    expect(only(report, 'max-loaded')).toMatchObject({ severity: 'warning' });
    expect(only(report, 'max-loaded').fix).toMatch(/OLLAMA_MAX_LOADED_MODELS=2/);
    expect(report.ok).toBe(true);
  });
});
