/**
 * DoD-6 — Ops readiness as code: the pinned config (ops-config.ts) checked against the live
 * server and against the measured latency, not merely written down.
 */
import type { ListResponse, Ollama } from 'ollama';
import { bareDigest, canonicalModel, connectOllama, describeError } from './ollama-client.ts';
import type { OpsConfig } from './ops-config.ts';
import type { OpsCheckOptions, OpsFinding, OpsReport } from './types.ts';

const PROBE_CALLS: Record<OpsConfig['probes'][number]['endpoint'], (client: Ollama) => Promise<unknown>> = {
  '/api/version': (client) => client.version(),
  '/api/tags': (client) => client.list(),
  '/api/ps': (client) => client.ps(),
};

/**
 * Runs every probe as the orchestrator would, reads `/api/tags` to compare the pins with what
 * the server holds, and checks the limits against each other and the measured p95.
 */
export async function checkOps(config: OpsConfig, options: OpsCheckOptions = {}): Promise<OpsReport> {
  const findings: OpsFinding[] = [];

  for (const probe of config.probes) {
    try {
      await PROBE_CALLS[probe.endpoint](connectOllama(config.host, probe.timeoutMs));
    } catch (error) {
      findings.push({
        id: 'probe',
        severity: 'error',
        subject: probe.name,
        message: `${probe.name} probe ${probe.endpoint} failed within ${probe.timeoutMs} ms: ${describeError(error)}`,
        fix: `after ${probe.failureThreshold} such failures the orchestrator acts on ${config.host}: make ${probe.endpoint} answer within ${probe.timeoutMs} ms or raise the probe's timeoutMs`,
      });
    }
  }

  let tags: ListResponse | undefined;
  try {
    tags = await connectOllama(config.host, config.timeouts.connectMs).list();
  } catch (error) {
    findings.push({
      id: 'server',
      severity: 'error',
      subject: config.host,
      message: `cannot read /api/tags from ${config.host}: ${describeError(error)}`,
      fix: 'start the server (`ollama serve` or `docker compose up -d ollama`) and check the host in the config',
    });
  }
  if (tags) findings.push(...pinFindings(config, tags));

  if (config.models.length > config.server.maxLoadedModels) {
    findings.push({
      id: 'max-loaded',
      severity: 'warning',
      subject: 'server.maxLoadedModels',
      message: `${config.models.length} models are pinned but only ${config.server.maxLoadedModels} stay loaded: requests will evict each other's models`,
      fix: `set OLLAMA_MAX_LOADED_MODELS=${config.models.length} if memory allows, or serve fewer models per server`,
    });
  }

  if (options.measuredP95Ms !== undefined) {
    const finding = queueFinding(config, options.measuredP95Ms);
    if (finding) findings.push(finding);
  }
  return { ok: findings.every((f) => f.severity !== 'error'), findings };
}

/** Every pinned model must be pulled, pinned by digest, and the digest must be the one served. */
function pinFindings(config: OpsConfig, tags: ListResponse): OpsFinding[] {
  const findings: OpsFinding[] = [];
  for (const model of config.models) {
    const served = tags.models.find((m) => canonicalModel(m.name) === canonicalModel(model.name));
    if (!served) {
      findings.push({
        id: 'not-pulled',
        severity: 'error',
        subject: model.name,
        message: `${model.name} is not on the server`,
        fix: `run \`ollama pull ${model.name}\`, then check its digest against the pin`,
      });
    } else if (!model.digest) {
      findings.push({
        id: 'unpinned',
        severity: 'error',
        subject: model.name,
        message: `${model.name} is not pinned by digest: a re-pull can silently change the weights`,
        fix: `pin what you tested: "digest": "sha256:${bareDigest(served.digest)}"`,
      });
    } else if (bareDigest(model.digest) !== bareDigest(served.digest)) {
      findings.push({
        id: 'digest-mismatch',
        severity: 'error',
        subject: model.name,
        message: `${model.name} on the server is sha256:${bareDigest(served.digest).slice(0, 12)}…, the pin is sha256:${bareDigest(model.digest).slice(0, 12)}…`,
        fix: `restore the pinned build (re-pull it, or restore the model store), or evaluate the new one and update the pin`,
      });
    }
  }
  return findings;
}

/**
 * The last request of a full queue waits for the whole queue to drain (maxQueue / numParallel
 * rounds), then runs itself: if that exceeds the request timeout, a full queue only produces
 * timeouts after the work was done.
 */
function queueFinding(config: OpsConfig, p95Ms: number): OpsFinding | undefined {
  const { numParallel, maxQueue } = config.server;
  const worstMs = (Math.ceil(maxQueue / numParallel) + 1) * p95Ms;
  if (worstMs <= config.timeouts.requestMs) return undefined;
  const safeQueue = Math.max(0, (Math.floor(config.timeouts.requestMs / p95Ms) - 1) * numParallel);
  return {
    id: 'queue',
    severity: 'error',
    subject: 'server.maxQueue',
    message: `a full queue (${maxQueue} requests, ${numParallel} in parallel, p95 ${Math.round(p95Ms)} ms) waits up to ${Math.round(worstMs)} ms, past the ${config.timeouts.requestMs} ms request timeout`,
    fix:
      safeQueue >= 1
        ? `set OLLAMA_MAX_QUEUE=${safeQueue} (server.maxQueue) so excess load gets a fast 503, or raise timeouts.requestMs to ${Math.ceil(worstMs)}`
        : `one request alone nears the timeout: raise timeouts.requestMs to at least ${Math.ceil(2 * p95Ms)} or make requests faster`,
  };
}
