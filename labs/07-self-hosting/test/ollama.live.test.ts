/**
 * Live checks against a real Ollama, and a real vLLM when you have one (not DoD tests: the workshop
 * CLI leaves `*.live.test.ts` out):
 *   docker compose up -d ollama && docker compose exec ollama ollama pull llama3.2
 *   cd labs/07-self-hosting && OLLAMA_HOST=http://localhost:11434 WORKSHOP_LIVE=1 npx vitest run ollama.live
 *   (vLLM, on a machine with a GPU: VLLM_BASE_URL=http://localhost:8000/v1 VLLM_MODEL=<the model it serves>)
 * Without OLLAMA_HOST (VLLM_BASE_URL) the suite is skipped with a notice.
 */
import { ollamaModel, vllmModel } from '@lab/backends.ts';
import { checkReadiness } from '@lab/readiness.ts';
import { createSensitivityRouter } from '@lab/router.ts';
import { normalizeOllamaHost, OfflineChatModel } from '@workshop/llm';
import { describeLive } from '@workshop/testkit';
import { expect, it } from 'vitest';

const model = process.env.OLLAMA_MODEL || 'llama3.2';
const confidential = {
  messages: [{ role: 'user' as const, content: 'Reply with one word: ready?' }],
  tags: ['confidential'],
  maxOutputTokens: 8,
};

describeLive('OLLAMA_HOST', 'live Ollama: readiness, routing and a server profile', () => {
  const host = normalizeOllamaHost(process.env.OLLAMA_HOST);

  it('reports readiness, and every failure carries its fix', async () => {
    const report = await checkReadiness({ host, models: [model], keepAlive: '10m' });
    console.info(JSON.stringify(report, null, 2));
    expect(report.checks[0]?.id).toBe('server');
    expect(report.checks[0]?.ok, report.checks[0]?.detail).toBe(true);
    for (const check of report.checks) if (!check.ok) expect(check.fix).toMatch(/\S/);
  });

  it('serves a confidential request on your Ollama (the hosted side is the offline model: no key needed)', async () => {
    const router = createSensitivityRouter({ selfHosted: [ollamaModel()], hosted: new OfflineChatModel() });
    const result = await router.generate(confidential);
    expect(result.route).toBe('self-hosted');
    expect(result.response.provider).toBe('ollama');
  });

  it('measures the step time alone and with four requests at once (a server profile for DoD-2)', async () => {
    const ask = () =>
      ollamaModel().generate({
        messages: [{ role: 'user', content: 'Count from 1 to 60, one number per line.' }],
        maxOutputTokens: 120,
      });
    const stepMs = (r: { latencyMs: number; usage: { outputTokens: number } }) =>
      r.latencyMs / Math.max(1, r.usage.outputTokens);
    await ask(); // loads the model
    const alone = stepMs(await ask());
    const together = await Promise.all([ask(), ask(), ask(), ask()]);
    const busy = together.map(stepMs).reduce((a, b) => a + b, 0) / together.length;
    const perSequence = Math.max(0, (busy - alone) / 3);
    console.info(
      `ms per token alone ${alone.toFixed(1)}, with 4 at once ${busy.toFixed(1)}: stepMs ≈ { base: ${(alone - perSequence).toFixed(1)}, perSequence: ${perSequence.toFixed(2)} } ` +
        '(prefill included; with OLLAMA_NUM_PARALLEL=1 the four queue instead, and the figure shows it)',
    );
    expect(together.every((r) => r.usage.outputTokens > 0)).toBe(true);
  });
});

describeLive('VLLM_BASE_URL', 'live vLLM through the OpenAI adapter', () => {
  it('serves a confidential request on your vLLM', async () => {
    const router = createSensitivityRouter({ selfHosted: [vllmModel()], hosted: new OfflineChatModel() });
    const result = await router.generate(confidential);
    expect(result.route).toBe('self-hosted');
    expect(result.response.text.length).toBeGreaterThan(0);
  });
});
