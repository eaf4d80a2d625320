/**
 * DoD-1 — Is the self-hosted model ready to take traffic? Four checks through the real
 * `ollama` client, each failure with the command that fixes it.
 */
import type { ReadinessOptions, ReadinessReport } from './types.ts';

/** Default `keep_alive` of the warm-up call. */
export const DEFAULT_KEEP_ALIVE = '30m';

/**
 * Checks, in order: the server answers `/api/version`; every required model is in `/api/tags`;
 * every pulled one loads (a warm-up chat with no messages and `keep_alive`); and it is then in
 * `/api/ps`. A down server is one failed `server` check and nothing else.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<ReadinessReport> {
  // TODO: implement the four checks (README, "DoD-1"). Import from './ollama-client.ts':
  //   connectOllama(host, timeoutMs) — a real `ollama` client whose calls give up after timeoutMs;
  //   canonicalModel(name) — so `llama3.2` matches `llama3.2:latest`; describeError(error) for `detail`.
  //   And `normalizeOllamaHost(options.host)` from '@workshop/llm' for `report.host`.
  // TODO: 1. `server`: `client.version()`. On failure push ONE failed check whose `fix` names
  //   `ollama serve` and `docker compose up -d ollama`, and return the report right away.
  // TODO: 2. `pulled`: `client.list()`; one check per required model (subject = the name as required);
  //   a missing one gets fix "run `ollama pull <model>`".
  // TODO: 3. `warm-up` (unless options.warmUp === false), for each PULLED model only:
  //   `client.chat({ model, messages: [], keep_alive: options.keepAlive ?? DEFAULT_KEEP_ALIVE, stream: false })`
  //   on a client with the longer `warmUpTimeoutMs` (default 120 000). A failure gets a fix.
  // TODO: 4. `loaded`: `client.ps()`; a pulled model not listed fails with a fix that mentions
  //   keep_alive / OLLAMA_KEEP_ALIVE. `ready` = every check ok; `fix` only on failed checks.
  throw new Error(`TODO: checkReadiness(${options.models.join(', ')}) — see the TODOs in src/readiness.ts`);
}
