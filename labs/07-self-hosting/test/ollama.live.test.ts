/**
 * Live checks against a real Ollama (not DoD tests: the workshop CLI leaves `*.live.test.ts` out):
 *   docker compose up -d ollama && docker compose exec ollama ollama pull llama3.2
 *   OLLAMA_HOST=http://localhost:11434 pnpm --filter @workshop-labs/07-self-hosting test
 * Without OLLAMA_HOST the suite is skipped with a notice.
 */
import { readFileSync } from 'node:fs';
import { checkOps } from '@lab/ops-check.ts';
import { parseOpsConfig } from '@lab/ops-config.ts';
import { checkReadiness } from '@lab/readiness.ts';
import { createSensitivityRouter } from '@lab/router.ts';
import { normalizeOllamaHost, OfflineChatModel, OllamaChatModel } from '@workshop/llm';
import { describeLive } from '@workshop/testkit';
import { Ollama } from 'ollama';
import { expect, it } from 'vitest';

const host = normalizeOllamaHost(process.env.OLLAMA_HOST);
const model = process.env.OLLAMA_MODEL || 'llama3.2';

describeLive('OLLAMA_HOST', 'live Ollama: readiness, ops and routing', () => {
  it('reports readiness, and every failure carries its fix', async () => {
    const report = await checkReadiness({ host, models: [model], keepAlive: '10m' });
    console.info(JSON.stringify(report, null, 2));
    expect(report.checks[0]?.id).toBe('server');
    expect(report.checks[0]?.ok, report.checks[0]?.detail).toBe(true);
    for (const check of report.checks) if (!check.ok) expect(check.fix).toMatch(/\S/);
  });

  it('accepts the digest the server serves and flags any other', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/ollama-ops.json', import.meta.url), 'utf8'));
    const served = (await new Ollama({ host }).list()).models.find((m) => m.name.startsWith(model));
    if (!served) throw new Error(`pull the model first: ollama pull ${model}`);
    const pinned = { ...fixture, host, models: [{ name: served.name, digest: served.digest, keepAlive: '10m' }] };
    const good = await checkOps(parseOpsConfig(pinned));
    expect(good.findings.filter((f) => f.id !== 'queue')).toEqual([]);
    const wrong = { ...pinned, models: [{ ...pinned.models[0], digest: '0'.repeat(64) }] };
    const bad = await checkOps(parseOpsConfig(wrong));
    expect(bad.findings.map((f) => f.id)).toContain('digest-mismatch');
  });

  it('serves a confidential request on the self-hosted model', async () => {
    // The hosted side is the offline simulator: a live test must not need an API key.
    const router = createSensitivityRouter({
      selfHosted: new OllamaChatModel({ host, model }),
      hosted: new OfflineChatModel(),
    });
    const result = await router.generate({
      messages: [{ role: 'user', content: 'Reply with one word: ready?' }],
      tags: ['confidential'],
      maxOutputTokens: 8,
    });
    expect(result.route).toBe('self-hosted');
    expect(result.response.provider).toBe('ollama');
  });
});
