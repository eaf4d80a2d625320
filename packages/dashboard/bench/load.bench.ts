/**
 * `pnpm bench` — the dashboard under a workshop room's load, on loopback only.
 *
 * 1. Real rate: 200 participants submitting every 10 s (= 20 submissions/s) while 5 instructors'
 *    pages hold an SSE stream open and re-read the summary every 2 s. Target: submit p99 < 50 ms.
 * 2. Compressed time (20×): the same room at 400 submissions/s, to show the headroom.
 * 3. kill -9: submissions at 200/s, SIGKILL the server mid-run, restart it on the same database,
 *    and check that every acknowledged submission is there.
 *
 * The server runs as a child process (`src/main.ts`), as in the room; the load comes from undici.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, request } from 'undici';
import { SAMPLE_LABS } from '../scripts/sample-labs.ts';
import { startServerProcess } from '../test/server-process.ts';

const PARTICIPANTS = 200;
const INSTRUCTORS = 5;
const TOKENS = {
  cohort: `bench-cohort-${randomBytes(6).toString('hex')}`,
  instructor: `bench-instr-${randomBytes(6).toString('hex')}`,
};
const LABS = SAMPLE_LABS;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** The workshop's labs (as their manifests would declare them): the server accepts only these. */
const CATALOG = LABS.map(([id, title, count]) => ({
  id,
  title,
  checkpoints: Array.from({ length: count }, (_, i) => ({
    id: `DoD-${i + 1}`,
    title: `${title}: checkpoint ${i + 1}`,
  })),
}));

const startServer = (db: string) => startServerProcess({ db, labs: CATALOG, tokens: TOKENS });

/** A participant's report after `step` re-checks: progress grows over time, at each one's own pace. */
function report(name: string, step: number, pace: number): string {
  let budget = Math.floor(step * pace);
  const labs = LABS.map(([id, title, count]) => {
    const checkpoints = Array.from({ length: count }, (_, i) => {
      const pass = budget > 0;
      budget--;
      // Each lab's DoD-2 is a measured checkpoint, as in the decision-lab format.
      const metrics =
        i === 1
          ? [{ name: 'score', value: Math.min(1, 0.5 + step * pace * 0.02), target: '>= 0.8', unit: 'ratio' }]
          : undefined;
      return {
        id: `DoD-${i + 1}`,
        title: `${title}: checkpoint ${i + 1}`,
        status: pass ? 'pass' : 'fail',
        message: pass ? '' : `AssertionError: expected handle() to answer without a model call (checkpoint ${i + 1})`,
        ...(metrics ? { metrics } : {}),
      };
    });
    const status = checkpoints.every((c) => c.status === 'pass') ? 'pass' : 'fail';
    return { id, title, status, checkpoints, checkedAt: new Date().toISOString() };
  });
  return JSON.stringify({
    version: 1,
    target: 'labs',
    labs,
    participant: { name },
    generatedAt: new Date().toISOString(),
  });
}

interface Participant {
  name: string;
  key: string;
  pace: number;
  step: number;
}

const participants: Participant[] = Array.from({ length: PARTICIPANTS }, (_, i) => ({
  name: `Participant ${String(i + 1).padStart(3, '0')}`,
  key: randomBytes(32).toString('base64url'),
  pace: 0.2 + (i % 10) / 10,
  step: 0,
}));

/** One submission; resolves with its latency and the stored id, or rejects when the server is gone. */
async function submitOnce(pool: Pool, p: Participant): Promise<{ ms: number; id: number }> {
  const body = report(p.name, p.step++, p.pace);
  const started = performance.now();
  const response = await pool.request({
    path: '/api/submissions',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKENS.cohort}`,
      'x-workshop-participant-key': p.key,
    },
    body,
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  const text = await response.body.text();
  const ms = performance.now() - started;
  if (response.statusCode !== 201) throw new Error(`submission answered ${response.statusCode}: ${text}`);
  return { ms, id: (JSON.parse(text) as { id: number }).id };
}

/** Fires `total` calls at `rate` per second on a fixed schedule (open loop: a slow server does not slow the senders). */
async function openLoop(rate: number, total: number, fire: (i: number) => Promise<unknown>): Promise<void> {
  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due) inFlight.push(fire(sent++).catch(() => undefined));
    await sleep(2);
  }
  await Promise.all(inFlight);
}

/** Five instructors' pages: an SSE stream each, and a summary read every 2 s. */
function openInstructors(url: string) {
  const events = new Array<number>(INSTRUCTORS).fill(0);
  const readLatencies: number[] = [];
  const controller = new AbortController();
  const streams = events.map(async (_, i) => {
    const response = await request(`${url}/api/events`, {
      headers: { authorization: `Bearer ${TOKENS.instructor}` },
      signal: controller.signal,
    });
    try {
      for await (const chunk of response.body) {
        events[i] = (events[i] ?? 0) + (chunk.toString().match(/event: submission/g)?.length ?? 0);
      }
    } catch {
      // aborted at the end of the phase
    }
  });
  const readers = Array.from({ length: INSTRUCTORS }, (_, i) =>
    (async () => {
      await sleep(i * 400); // pages were opened at different times
      while (!controller.signal.aborted) {
        const started = performance.now();
        const response = await request(`${url}/api/summary`, {
          headers: { authorization: `Bearer ${TOKENS.instructor}` },
        });
        await response.body.text();
        readLatencies.push(performance.now() - started);
        await sleep(2_000, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    })(),
  );
  return {
    events,
    readLatencies,
    close: async () => {
      controller.abort();
      await Promise.allSettled([...streams, ...readers]);
    },
  };
}

async function phase(url: string, label: string, rate: number, seconds: number, target: boolean): Promise<void> {
  const pool = new Pool(url, { connections: 64 });
  const instructors = openInstructors(url);
  await sleep(300);
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round(rate * seconds);
  // Baseline in the same run: the cheapest request this server answers, at the same rate. On a
  // shared machine its tail shows how much of the submissions' tail is the machine, not the work.
  const baseline: number[] = [];
  const probe = async () => {
    const t = performance.now();
    const response = await pool.request({ path: '/healthz', method: 'GET' });
    await response.body.text();
    baseline.push(performance.now() - t);
  };
  const load = loadavg()[0] as number;
  const started = performance.now();
  await Promise.all([
    openLoop(rate, total, (i) =>
      submitOnce(pool, participants[i % PARTICIPANTS] as Participant).then(
        (r) => latencies.push(r.ms),
        () => failed++,
      ),
    ),
    openLoop(Math.min(rate, 20), Math.round(Math.min(rate, 20) * seconds), probe),
  ]);
  const elapsed = (performance.now() - started) / 1000;
  await sleep(300); // let the last events reach the streams
  await instructors.close();
  await pool.close();
  console.log(`\n${label}  [load average ${load.toFixed(1)} on ${cpus().length} cores]`);
  console.log(`  submissions     ${latencies.length} acknowledged, ${failed} failed, in ${elapsed.toFixed(1)} s`);
  console.log(`  throughput      ${(latencies.length / elapsed).toFixed(1)} submissions/s`);
  console.log(
    `  submit latency  p50 ${fmt(percentile(latencies, 50))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(Math.max(...latencies))}` +
      (target
        ? `  (target p99 < 50 ms: ${percentile(latencies, 99) < 50 ? 'met' : 'MISSED'})`
        : '  (headroom run, no target)'),
  );
  console.log(
    `  baseline        GET /healthz p50 ${fmt(percentile(baseline, 50))}  p99 ${fmt(percentile(baseline, 99))}` +
      `  → submit/baseline p99 ratio ${(percentile(latencies, 99) / percentile(baseline, 99)).toFixed(1)}×`,
  );
  console.log(
    `  summary reads   ${instructors.readLatencies.length}, p50 ${fmt(percentile(instructors.readLatencies, 50))}  p99 ${fmt(percentile(instructors.readLatencies, 99))}`,
  );
  console.log(`  SSE events      per instructor: ${instructors.events.join(', ')} (of ${latencies.length})`);
}

async function killNine(db: string): Promise<void> {
  let server = await startServer(db);
  const before = new DatabaseSync(db, { readOnly: true });
  const rowsBefore = (before.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
  before.close();
  const pool = new Pool(server.url, { connections: 64 });
  const acked: number[] = [];
  let failed = 0;
  const killAt = 1_500;
  const timer = setTimeout(() => server.child.kill('SIGKILL'), killAt);
  await openLoop(200, 200 * 3, (i) =>
    submitOnce(pool, participants[i % PARTICIPANTS] as Participant).then(
      (r) => acked.push(r.id),
      () => failed++,
    ),
  );
  clearTimeout(timer);
  await pool.destroy();
  await server.exited;

  server = await startServer(db);
  const after = new DatabaseSync(db, { readOnly: true });
  const rows = (after.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
  const present = new Set(
    (after.prepare('SELECT id FROM submissions WHERE id > ?').all(0) as { id: number }[]).map((row) => row.id),
  );
  after.close();
  const lost = acked.filter((id) => !present.has(id));
  console.log('\nkill -9 during a run (200 submissions/s, SIGKILL after 1.5 s, restart on the same database)');
  console.log(`  acknowledged    ${acked.length} before the kill; ${failed} requests failed with the server gone`);
  console.log(`  after restart   ${rows - rowsBefore} new rows; acknowledged but missing: ${lost.length}`);
  console.log(
    `  result          ${lost.length === 0 ? 'no acknowledged submission lost' : 'LOST ACKNOWLEDGED SUBMISSIONS'}`,
  );
  server.child.kill('SIGTERM');
  await server.exited;
  if (lost.length > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-bench-'));
  const db = path.join(dir, 'bench.db');
  console.log(
    `dashboard load — ${PARTICIPANTS} participants, ${INSTRUCTORS} instructors' pages (SSE + summary every 2 s), loopback, ${cpus().length} cores, SQLite WAL synchronous=FULL`,
  );
  const server = await startServer(db);
  try {
    // Everyone joins first (binds their name), as when the room starts watch mode.
    const pool = new Pool(server.url, { connections: 64 });
    await openLoop(100, PARTICIPANTS, (i) => submitOnce(pool, participants[i] as Participant));
    await pool.close();
    await phase(
      server.url,
      'real rate: every participant submits every 10 s (20 submissions/s for 20 s)',
      20,
      20,
      true,
    );
    await phase(server.url, 'compressed 20×: every participant every 0.5 s (400 submissions/s for 5 s)', 400, 5, false);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await killNine(db);
  await sleep(200);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`dashboard bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
