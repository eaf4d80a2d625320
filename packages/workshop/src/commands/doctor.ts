import { execFileSync } from 'node:child_process';
import type { Context } from './context.ts';

/** One line of the doctor's report: what was checked, whether it is fine, and the fix if not. */
export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** A service to probe when its variable is set. */
interface Probe {
  check: string;
  variable: string;
  url: (value: string) => string;
  headers?: (env: NodeJS.ProcessEnv) => Record<string, string>;
  fix: string;
}

const PROBES: Probe[] = [
  {
    check: 'OpenAI-compatible API',
    variable: 'OPENAI_BASE_URL',
    url: (base) => `${base.replace(/\/$/, '')}/models`,
    headers: (env): Record<string, string> =>
      env.OPENAI_API_KEY ? { authorization: `Bearer ${env.OPENAI_API_KEY}` } : {},
    fix: 'check OPENAI_BASE_URL (it usually ends in /v1) and that the server is running',
  },
  {
    check: 'Ollama',
    variable: 'OLLAMA_HOST',
    url: (host) => `${(/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/$/, '')}/api/version`,
    fix: 'start Ollama (`ollama serve`, or `docker compose up ollama`) or unset OLLAMA_HOST',
  },
  {
    check: 'Qdrant',
    variable: 'QDRANT_URL',
    url: (base) => `${base.replace(/\/$/, '')}/readyz`,
    headers: (env): Record<string, string> => (env.QDRANT_API_KEY ? { 'api-key': env.QDRANT_API_KEY } : {}),
    fix: 'start Qdrant (`docker compose up qdrant`) or unset QDRANT_URL to use the in-memory store',
  },
];

function versionOf(command: string): string | undefined {
  try {
    return execFileSync(command, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    }).trim();
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

/** Everything the doctor checks, as data (the command prints it; tests assert on it). */
export async function diagnose(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  findings.push({
    check: 'Node.js',
    ok: major >= 22,
    detail: `v${process.versions.node}`,
    ...(major >= 22 ? {} : { fix: 'install Node 24 LTS (`nvm install` reads .nvmrc)' }),
  });
  const pnpm = versionOf('pnpm');
  findings.push({
    check: 'pnpm',
    ok: pnpm !== undefined,
    detail: pnpm ?? 'not found',
    ...(pnpm ? {} : { fix: 'run `corepack enable` (or `npm install -g pnpm`), then `pnpm install`' }),
  });

  const provider = env.LLM_PROVIDER ?? 'offline';
  const known = ['offline', 'openai', 'ollama'];
  findings.push({
    check: 'LLM_PROVIDER',
    ok: known.includes(provider),
    detail: provider === 'offline' ? 'offline (the embedded default: no key, no network)' : provider,
    ...(known.includes(provider) ? {} : { fix: `set LLM_PROVIDER to one of ${known.join(', ')}` }),
  });
  if (provider === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
    findings.push({
      check: 'OPENAI_API_KEY',
      ok: false,
      detail: 'not set',
      fix: 'set OPENAI_API_KEY (see .env.example)',
    });
  }

  const probes = PROBES.map((probe) => ({ probe, value: env[probe.variable] }));
  if (provider === 'openai' && !env.OPENAI_BASE_URL && env.OPENAI_API_KEY) {
    probes[0] = { probe: PROBES[0] as Probe, value: 'https://api.openai.com/v1' };
  }
  for (const { probe, value } of probes) {
    if (!value) {
      findings.push({ check: probe.check, ok: true, detail: `not configured (${probe.variable} unset)` });
      continue;
    }
    let url: string;
    try {
      url = new URL(probe.url(value)).toString();
    } catch {
      findings.push({
        check: probe.check,
        ok: false,
        detail: `${probe.variable}="${value}" is not a URL`,
        fix: `set ${probe.variable} to a URL such as http://localhost:6333`,
      });
      continue;
    }
    const problem = await reach(url, probe.headers?.(env) ?? {}, fetchImpl);
    findings.push({
      check: probe.check,
      ok: !problem,
      detail: problem ? `${url} ${problem}` : `${url} reachable`,
      ...(problem ? { fix: probe.fix } : {}),
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
