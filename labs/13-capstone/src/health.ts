/**
 * Liveness and readiness. `/healthz` says the process is alive (restart it if not); `/readyz`
 * says it can answer now (send it traffic if so): the corpus is indexed and the vector store
 * answers, the live prompt version resolves, at least one provider's circuit is not open (as the
 * shared state says), the shared state store answers, and the service is not draining.
 */
import type { ResilientChatModel } from '@workshop-solutions/03-providers';
import type { Components } from './components.ts';
import type { SharedCircuitBreaker } from './shared/breaker.ts';
import type { Lifecycle } from './shutdown.ts';

/** One dependency's state. */
export interface CheckResult {
  ok: boolean;
  /** What was seen, for a human. */
  detail: string;
}

/** The readiness report (the body of `/readyz`). */
export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** How long one check may take before it counts as failed, in ms. */
const CHECK_TIMEOUT_MS = 2_000;

/** Run every readiness check (in parallel, each with a deadline). */
export async function checkReadiness(components: Components, lifecycle: Lifecycle): Promise<Readiness> {
  const checks: Record<string, () => Promise<string>> = {
    draining: async () => {
      if (lifecycle.draining) throw new Error('shutting down');
      return 'accepting requests';
    },
    knowledge_base: async () => {
      const points = await components.store.count(components.knowledgeBase.collection);
      if (points === 0) throw new Error(`collection "${components.knowledgeBase.collection}" is empty`);
      return `${points} chunks in "${components.knowledgeBase.collection}"`;
    },
    prompt: async () => {
      const prompt = await components.prompts.current();
      return `${prompt.id}@${prompt.version}`;
    },
    state: async () => {
      await components.state.ping();
      return `${components.state.kind} store answers`;
    },
    providers: async () => {
      const members = components.chain.models as readonly ResilientChatModel[];
      await Promise.all(members.map((m) => (m.breaker as Partial<SharedCircuitBreaker>).refresh?.()));
      const states = members.map((m) => `${m.provider}: ${m.breaker?.state ?? 'closed'}`);
      if (members.every((m) => m.breaker?.state === 'open'))
        throw new Error(`every circuit is open (${states.join(', ')})`);
      return states.join(', ');
    },
  };
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, run]): Promise<[string, CheckResult]> => {
      try {
        return [name, { ok: true, detail: await withTimeout(run(), CHECK_TIMEOUT_MS) }];
      } catch (error) {
        return [name, { ok: false, detail: error instanceof Error ? error.message : String(error) }];
      }
    }),
  );
  const result = Object.fromEntries(entries);
  return { ready: entries.every(([, check]) => check.ok), checks: result };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
