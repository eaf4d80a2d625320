import { execFileSync } from 'node:child_process';
import { describeProviderConfig } from '@workshop/llm';
import packageJson from '../../../../package.json' with { type: 'json' };
import { NODE_FIX, nodeTooOld, pinnedPnpm, requiredNode } from '../../bootstrap/runtime.mjs';
import type { Context } from './context.ts';

/** One line of the doctor's report: what was checked, whether it is fine, and the fix if not. */
export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const FIXES: Record<string, string> = {
  OPENAI_BASE_URL:
    'check OPENAI_API_KEY and OPENAI_BASE_URL (a compatible server’s URL usually ends in /v1), and that the server is running',
  OLLAMA_HOST:
    'start Ollama (`ollama serve`, or `docker compose up -d ollama`) or unset OLLAMA_HOST and LLM_PROVIDER=ollama',
  QDRANT_URL: 'start Qdrant (`docker compose up -d qdrant`) or unset QDRANT_URL to use the in-memory store',
};

function versionOf(command: string, flag = '--version'): string | undefined {
  try {
    const options = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as const, timeout: 5_000 };
    return execFileSync(command, [flag], { ...options, stdio: [...options.stdio] }).trim();
  } catch {
    return undefined;
  }
}

async function reach(
  url: string,
  headers: Record<string, string>,
  fetchImpl: typeof fetch,
): Promise<string | undefined> {
  try {
    const response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(3_000) });
    return response.ok ? undefined : `answered HTTP ${response.status}`;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return `unreachable (${cause || (error instanceof Error ? error.message : String(error))})`;
  }
}

/** The Qdrant URL the vector store factory would use, if Qdrant is selected. */
function qdrantUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.VECTOR_STORE === 'memory') return undefined;
  if (env.QDRANT_URL) return env.QDRANT_URL;
  return env.VECTOR_STORE === 'qdrant' ? 'http://127.0.0.1:6333' : undefined;
}

/**
 * Node and pnpm, in the bootstrap's words. Under the bootstrap's own Node (the machine's was too old),
 * `WORKSHOP_SYSTEM_NODE` holds the machine's version: the workshop works, and the fix is optional.
 */
export function runtimeFindings(env: NodeJS.ProcessEnv, running: string, pnpm: string | undefined): Finding[] {
  const minimum = requiredNode(packageJson);
  const pinned = pinnedPnpm(packageJson);
  const [major = 0] = running.split('.').map(Number);
  const tooOld = nodeTooOld(running, minimum);
  const system = env.WORKSHOP_SYSTEM_NODE;
  const systemTooOld = system ? nodeTooOld(system, minimum) : undefined;
  const node: Finding = tooOld
    ? { check: 'Node.js', ok: false, detail: tooOld, fix: NODE_FIX }
    : systemTooOld
      ? {
          check: 'Node.js',
          ok: true,
          detail: `v${running}, brought by the bootstrap from the npm registry: ${systemTooOld}`,
          fix: `optional: ${NODE_FIX}`,
        }
      : { check: 'Node.js', ok: true, detail: `v${running}${major < 24 ? ' (works; 24 LTS recommended)' : ''}` };
  const pnpmFinding: Finding = pnpm
    ? {
        check: 'pnpm',
        ok: true,
        detail: pnpm === pinned ? pnpm : `${pnpm} (the project pins ${pinned})`,
      }
    : {
        check: 'pnpm',
        ok: false,
        detail: 'not found',
        fix: `run \`npm run workshop\` (it brings pnpm ${pinned} into .workshop/tools), or \`npm install -g pnpm@${pinned}\``,
      };
  return [node, pnpmFinding];
}

/** Lab 11's video pipeline runs ffmpeg and ffprobe (or FFMPEG_PATH / FFPROBE_PATH). */
export function ffmpegFinding(
  env: NodeJS.ProcessEnv,
  version: (command: string) => string | undefined = (command) => versionOf(command, '-version'),
): Finding {
  const ffmpeg = env.FFMPEG_PATH?.trim() || 'ffmpeg';
  const ffprobe = env.FFPROBE_PATH?.trim() || 'ffprobe';
  const found = version(ffmpeg)?.split('\n')[0];
  if (found && version(ffprobe)) return { check: 'ffmpeg (lab 11)', ok: true, detail: found };
  return {
    check: 'ffmpeg (lab 11)',
    ok: false,
    detail: `${found ? ffprobe : ffmpeg} not found`,
    fix: 'sudo apt-get install -y ffmpeg · brew install ffmpeg · winget install Gyan.FFmpeg (or set FFMPEG_PATH and FFPROBE_PATH)',
  };
}

/** Everything the doctor checks, as data (the command prints it; tests assert on it). */
export async function diagnose(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  findings.push(...runtimeFindings(env, process.versions.node, versionOf('pnpm')));
  findings.push(ffmpegFinding(env));

  // Provider configuration comes from the same code the labs use to build their models.
  const config = describeProviderConfig(env);
  for (const [role, described] of [
    ['chat model', config.chat],
    ['embedding model', config.embedding],
  ] as const) {
    findings.push(
      described.error
        ? { check: role, ok: false, detail: described.error, fix: 'fix the variable it names (see .env.example)' }
        : {
            check: role,
            ok: true,
            detail: `${described.provider} ${described.model}${described.endpoint ? ` at ${described.endpoint}` : ' (offline: no key, no network)'}`,
          },
    );
  }

  const probes: { check: string; url: string; variable: string; headers: Record<string, string> }[] = config.probes.map(
    (probe) => ({
      check: probe.service === 'openai' ? 'OpenAI-compatible API' : 'Ollama',
      url: probe.url,
      variable: probe.urlVariable,
      headers: (probe.authVariable && env[probe.authVariable]
        ? { authorization: `Bearer ${env[probe.authVariable]}` }
        : {}) as Record<string, string>,
    }),
  );
  const qdrant = qdrantUrl(env);
  if (qdrant) {
    probes.push({
      check: 'Qdrant',
      url: `${qdrant.replace(/\/+$/, '')}/readyz`,
      variable: 'QDRANT_URL',
      headers: env.QDRANT_API_KEY ? { 'api-key': env.QDRANT_API_KEY } : {},
    });
  } else {
    findings.push({
      check: 'Qdrant',
      ok: true,
      detail: 'not configured (QDRANT_URL unset): the in-memory store is used',
    });
  }
  for (const probe of probes) {
    let url: string;
    try {
      url = new URL(probe.url).toString();
    } catch {
      findings.push({
        check: probe.check,
        ok: false,
        detail: `${probe.variable} gives "${probe.url}", which is not a URL`,
        fix: `set ${probe.variable} to a URL such as http://localhost:6333`,
      });
      continue;
    }
    const problem = await reach(url, probe.headers, fetchImpl);
    findings.push({
      check: probe.check,
      ok: !problem,
      detail: problem ? `${url} ${problem}` : `${url} reachable`,
      ...(problem ? { fix: FIXES[probe.variable] ?? `check ${probe.variable}` } : {}),
    });
  }
  return findings;
}

/** `workshop doctor`: versions, provider configuration and reachability, with a fix per problem. */
export async function doctorCommand(_context: Context): Promise<number> {
  const findings = await diagnose();
  for (const finding of findings) {
    process.stdout.write(`${finding.ok ? '✔' : '✗'} ${finding.check}: ${finding.detail}\n`);
    if (finding.fix) process.stdout.write(`    fix: ${finding.fix}\n`);
  }
  return findings.every((finding) => finding.ok) ? 0 : 1;
}
