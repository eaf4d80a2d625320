import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { CatalogLab } from '../src/catalog.ts';
import type { Submission } from '../src/schema.ts';
import { type Dashboard, type DashboardOptions, startDashboard } from '../src/server.ts';

export const TOKENS = { cohort: 'cohort-token-for-tests', instructor: 'instructor-token-for-tests' };

/** The workshop the test dashboards know: what `submission()` sends, and one more lab. */
export const LABS: CatalogLab[] = [
  {
    id: '01-foundations',
    title: 'AI vs deterministic',
    checkpoints: [1, 2, 3].map((i) => ({ id: `DoD-${i}`, title: `Checkpoint ${i}` })),
  },
  { id: '02-model-strategy', title: 'Model strategy', checkpoints: [{ id: 'DoD-1', title: 'Acceptance criteria' }] },
];

const running: Dashboard[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory for a database, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-test-'));
  dirs.push(dir);
  return dir;
}

/** A dashboard on an ephemeral loopback port with a fresh database (or the given one), knowing `LABS`. */
export async function start(options: Partial<DashboardOptions> = {}): Promise<Dashboard> {
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    db: path.join(tempDir(), 'dashboard.db'),
    tokens: TOKENS,
    labs: LABS,
    ...options,
  });
  running.push(dashboard);
  return dashboard;
}

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

/** A submission with `passed` of the first lab's three checkpoints passing. */
export function submission(name: string, passed: number, overrides: Partial<Submission> = {}): Submission {
  const statuses = [0, 1, 2].map((i) => (i < passed ? 'pass' : 'fail') as 'pass' | 'fail');
  return {
    version: 1,
    target: 'labs',
    participant: { name },
    generatedAt: new Date().toISOString(),
    labs: [
      {
        id: '01-foundations',
        title: 'AI vs deterministic',
        status: passed === 3 ? 'pass' : 'fail',
        checkpoints: statuses.map((status, i) => ({
          id: `DoD-${i + 1}`,
          title: `Checkpoint ${i + 1}`,
          status,
          message: status === 'pass' ? '' : `expected ${i + 1} to be ${i + 2}`,
        })),
      },
    ],
    ...overrides,
  };
}

/** The submission with KPIs on one checkpoint of its first lab (`checkpoints[].metrics` of `verify --json`). */
export function withMetrics(
  base: Submission,
  checkpoint: number,
  metrics: { name: string; value: number; target?: string; unit?: string }[],
): Submission {
  const lab = base.labs[0] as Submission['labs'][number];
  const checkpoints = lab.checkpoints.map((c, i) => (i === checkpoint ? { ...c, metrics } : c));
  return { ...base, labs: [{ ...lab, checkpoints }, ...base.labs.slice(1)] };
}

/** POSTs a submission as the CLI does. */
export function submit(
  url: string,
  body: unknown,
  options: { token?: string; key?: string; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/json' };
  const token = options.token === undefined ? TOKENS.cohort : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.key !== '') headers['X-Workshop-Participant-Key'] = options.key ?? newKey();
  return fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** GETs an instructor endpoint with the instructor token. */
export function read(url: string, route: string, token = TOKENS.instructor): Promise<Response> {
  return fetch(`${url}${route}`, { headers: { Authorization: `Bearer ${token}` } });
}

/**
 * A submission sent piece by piece with `node:http`, as the CLI's headers and the given ones:
 * `write()` a part of the body, `end()` the rest and get the answer. Without a Content-Length
 * header, Node sends the body chunked.
 */
export function rawSubmission(url: string, headers: Record<string, string | number> = {}) {
  const { port } = new URL(url);
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/api/submissions',
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${TOKENS.cohort}`,
      'X-Workshop-Participant-Key': newKey(),
      ...headers,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
  return {
    write: (chunk: string | Buffer) => req.write(chunk),
    end: (chunk?: string | Buffer) => {
      req.end(chunk);
      return answer;
    },
  };
}
