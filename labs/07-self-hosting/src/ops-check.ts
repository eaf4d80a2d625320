/**
 * DoD-6 — Ops readiness as code: the pinned config (ops-config.ts) checked against the live
 * server and against the measured latency, not merely written down.
 */
import type { OpsConfig } from './ops-config.ts';
import type { OpsCheckOptions, OpsReport } from './types.ts';

/**
 * Runs every probe as the orchestrator would, reads `/api/tags` to compare the pins with what
 * the server holds, and checks the limits against each other and the measured p95.
 */
export async function checkOps(config: OpsConfig, options: OpsCheckOptions = {}): Promise<OpsReport> {
  // TODO: build `findings: OpsFinding[]` (README, "DoD-6", has the table of ids), every one with a `fix`:
  //   1. `probe` (error): for each config.probes entry, call its endpoint on
  //      `connectOllama(config.host, probe.timeoutMs)` (from './ollama-client.ts'):
  //      '/api/version' → client.version(), '/api/tags' → client.list(), '/api/ps' → client.ps(). subject = probe.name.
  //   2. `server` (error): `client.list()` with timeouts.connectMs failed; skip the model checks then.
  //   3. per pinned model, matched with canonicalModel(): `not-pulled` (fix "`ollama pull <name>`"),
  //      `unpinned` (no digest; the fix shows the served digest: "sha256:<hex>"), `digest-mismatch`
  //      (compare with bareDigest() on both sides). subject = the model name as configured.
  //   4. `max-loaded` (WARNING): more models than server.maxLoadedModels; fix "OLLAMA_MAX_LOADED_MODELS=<n>".
  //   5. `queue` (error), only when options.measuredP95Ms is set: worst wait =
  //      (ceil(maxQueue / numParallel) + 1) × p95 > timeouts.requestMs → fix "OLLAMA_MAX_QUEUE=<safe>"
  //      with safe = (floor(requestMs / p95) − 1) × numParallel.
  // TODO: return { ok: no finding has severity 'error', findings }.
  throw new Error(
    `TODO: checkOps for ${config.models.length} models at ${config.host} (p95 ${options.measuredP95Ms ?? 'unknown'}) — see src/ops-check.ts`,
  );
}
