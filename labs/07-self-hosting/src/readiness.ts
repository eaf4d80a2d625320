/**
 * DoD-1 — Is the self-hosted model ready to take traffic? Four checks through the real
 * `ollama` client, each failure with the command that fixes it.
 */
import { normalizeOllamaHost } from '@workshop/llm';
import type { ListResponse } from 'ollama';
import { canonicalModel, connectOllama, describeError, statusOf } from './ollama-client.ts';
import type { ReadinessCheck, ReadinessOptions, ReadinessReport } from './types.ts';

/** Default `keep_alive` of the warm-up call. */
export const DEFAULT_KEEP_ALIVE = '30m';

/**
 * Checks, in order: the server answers `/api/version`; every required model is in `/api/tags`;
 * every pulled one loads (a warm-up chat with no messages and `keep_alive`); and it is then in
 * `/api/ps`. A down server is one failed `server` check and nothing else.
 */
export async function checkReadiness(options: ReadinessOptions): Promise<ReadinessReport> {
  if (!options.models.length) throw new Error('checkReadiness: name at least one required model (options.models)');
  const host = normalizeOllamaHost(options.host);
  const keepAlive = options.keepAlive ?? DEFAULT_KEEP_ALIVE;
  const clock = options.clock ?? (() => performance.now());
  const metadata = connectOllama(host, options.timeoutMs ?? 5_000);
  const checks: ReadinessCheck[] = [];
  const report = (version?: string): ReadinessReport => ({
    ready: checks.every((c) => c.ok),
    host,
    ...(version !== undefined ? { version } : {}),
    checks,
  });

  let version: string;
  try {
    version = (await metadata.version()).version;
  } catch (error) {
    checks.push({
      id: 'server',
      subject: host,
      ok: false,
      detail: `no answer from ${host}/api/version: ${describeError(error)}`,
      fix: `start the server: \`ollama serve\` or \`docker compose up -d ollama\`; check that OLLAMA_HOST (now ${host}) points at it`,
    });
    return report();
  }
  checks.push({ id: 'server', subject: host, ok: true, detail: `Ollama ${version}` });

  const tags = await listOrFail(() => metadata.list(), 'pulled', options.models, checks);
  if (!tags) return report(version);
  const pulledNames = new Set(tags.models.map((m) => canonicalModel(m.name)));
  const pulled: string[] = [];
  for (const model of options.models) {
    if (pulledNames.has(canonicalModel(model))) {
      pulled.push(model);
      checks.push({ id: 'pulled', subject: model, ok: true, detail: 'in /api/tags' });
    } else {
      checks.push({
        id: 'pulled',
        subject: model,
        ok: false,
        detail: 'not in /api/tags',
        fix: `run \`ollama pull ${model}\` (with compose: \`docker compose exec ollama ollama pull ${model}\`)`,
      });
    }
  }

  if (options.warmUp ?? true) {
    // Loading weights takes seconds to minutes: the warm-up gets its own, longer timeout.
    const warm = connectOllama(host, options.warmUpTimeoutMs ?? 120_000);
    for (const model of pulled) {
      const started = clock();
      try {
        // An empty conversation makes Ollama load the model without generating anything.
        await warm.chat({ model, messages: [], keep_alive: keepAlive, stream: false });
        const ms = Math.round(clock() - started);
        checks.push({
          id: 'warm-up',
          subject: model,
          ok: true,
          detail: `answered in ${ms} ms (keep_alive ${keepAlive})`,
        });
      } catch (error) {
        checks.push({
          id: 'warm-up',
          subject: model,
          ok: false,
          detail: `warm-up call failed: ${describeError(error)}`,
          fix:
            statusOf(error) === 404
              ? `run \`ollama pull ${model}\``
              : `the model did not load: check free (V)RAM with \`ollama ps\` and the server log; a smaller quantisation needs less memory`,
        });
      }
    }
  }

  const running = await listOrFail(() => metadata.ps(), 'loaded', pulled, checks);
  if (!running) return report(version);
  const loadedNames = new Set(running.models.map((m) => canonicalModel(m.name)));
  for (const model of pulled) {
    if (loadedNames.has(canonicalModel(model))) {
      checks.push({ id: 'loaded', subject: model, ok: true, detail: 'in /api/ps' });
    } else {
      checks.push({
        id: 'loaded',
        subject: model,
        ok: false,
        detail: 'not in /api/ps: the first request will pay the load time',
        fix: `keep it loaded: send keep_alive (now ${keepAlive}) with the warm-up or set OLLAMA_KEEP_ALIVE on the server; check OLLAMA_MAX_LOADED_MODELS and free memory`,
      });
    }
  }
  return report(version);
}

/** Calls `/api/tags` or `/api/ps`; on failure records one failed check per model and returns undefined. */
async function listOrFail(
  call: () => Promise<ListResponse>,
  id: 'pulled' | 'loaded',
  models: string[],
  checks: ReadinessCheck[],
): Promise<ListResponse | undefined> {
  try {
    return await call();
  } catch (error) {
    const endpoint = id === 'pulled' ? '/api/tags' : '/api/ps';
    for (const model of models) {
      checks.push({
        id,
        subject: model,
        ok: false,
        detail: `${endpoint} failed: ${describeError(error)}`,
        fix: 'the server is up but failing: read its log (`docker compose logs ollama` or `journalctl -u ollama`) and restart it',
      });
    }
    return undefined;
  }
}
