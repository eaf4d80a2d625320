/**
 * Liveness and readiness. `/healthz` says the process is alive (restart it if not); `/readyz`
 * says it can answer now (send it traffic if so): the corpus is indexed and the vector store
 * answers, the live prompt version resolves, at least one provider's circuit is not open, and
 * the service is not draining.
 */
import type { Components } from './components.ts';
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

/** Run every readiness check (in parallel, each with a deadline). */
export async function checkReadiness(components: Components, lifecycle: Lifecycle): Promise<Readiness> {
  // TODO(DoD-12): run four checks, each to `{ ok, detail }` (a thrown error → ok false, its message as detail):
  //  - `draining`: not ok while `lifecycle.draining`.
  //  - `knowledge_base`: `components.store.count(components.knowledgeBase.collection)` > 0.
  //  - `prompt`: `components.prompts.current()` resolves; detail `${id}@${version}`.
  //  - `providers`: not ok when every member of `components.chain.models` (ResilientChatModel, 03)
  //    has `breaker.state === 'open'`; detail lists `provider: state`.
  // Give each check a deadline (a hung dependency must not hang /readyz). `ready` = every check ok.
  void components;
  void lifecycle;
  throw new Error(
    'TODO: checkReadiness — check the draining flag, the vector store, the prompt label and the breakers',
  );
}
