import { useMockNetwork } from '@workshop/testkit';
import { MemoryLabelStore } from '@workshop-solutions/05-prompt-engineering';
import { describe, expect, it } from 'vitest';
import { checkReadiness } from '../../src/health.ts';
import { BREAKER_ANSWER, QUESTIONS, toServices, useServices, waitFor } from '../support/harness.ts';
import { openai } from '../support/providers.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();

describe('health checks and a graceful shutdown that finishes in-flight requests', () => {
  it('reports liveness, and readiness with each dependency checked', async () => {
    const api = await start();

    const live = await api.get('/healthz');
    const ready = await api.get('/readyz');

    expect(live.status).toBe(200);
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body.ready).toBe(true);
    for (const check of ['knowledge_base', 'prompt', 'providers', 'draining']) {
      expect(ready.body.checks[check], `readiness must check ${check}`).toMatchObject({ ok: true });
    }
    expect(ready.body.checks.prompt.detail).toContain('ask-workshop@1.1.0');
  });

  it('is not ready when a dependency fails, and says which', async () => {
    const api = await start({ labelStore: new MemoryLabelStore() });

    const ready = await api.get('/readyz');

    expect(ready.status).toBe(503);
    expect(ready.body.checks.prompt).toMatchObject({ ok: false, detail: expect.stringContaining('production') });
    expect(ready.body.checks.knowledge_base.ok).toBe(true);
  });

  it('lets an in-flight question finish, turns unready while draining, then stops accepting', async () => {
    network.openai.script({ content: BREAKER_ANSWER, delayMs: 300 });
    const api = await start({ chatModels: [openai()] });

    const inFlight = api.ask(QUESTIONS.breaker);
    await waitFor(() => network.openai.chatRequests.length === 1, 'the question never reached the provider');
    const closing = api.service.close();
    const whileDraining = await checkReadiness(api.service.components, api.service.lifecycle);

    const reply = await inFlight;
    await closing;

    expect(whileDraining.ready, 'a draining service is not ready').toBe(false);
    expect(whileDraining.checks.draining?.ok).toBe(false);
    expect(reply.status, 'the in-flight question is answered, not cut').toBe(200);
    expect(reply.body.status).toBe('answered');
    await expect(fetch(`${api.url}/healthz`), 'a closed service accepts no connection').rejects.toThrow();
  });
});
