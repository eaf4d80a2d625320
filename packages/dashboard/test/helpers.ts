import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Submission } from '../src/schema.ts';
import { type Dashboard, type DashboardOptions, startDashboard } from '../src/server.ts';

export const TOKENS = { cohort: 'cohort-token-for-tests', instructor: 'instructor-token-for-tests' };

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

/** A dashboard on an ephemeral loopback port with a fresh database (or the given one). */
export async function start(options: DashboardOptions = {}): Promise<Dashboard> {
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    db: path.join(tempDir(), 'dashboard.db'),
    tokens: TOKENS,
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
