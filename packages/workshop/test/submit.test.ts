import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { type Dashboard, type DashboardOptions, startDashboard } from '@workshop/dashboard';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContext } from '../src/commands/context.ts';
import { labCatalog } from '../src/commands/dashboard.ts';
import { AutoSubmitter, backoffDelay, retryDelay } from '../src/submit/auto.ts';
import { retryAfterMs } from '../src/submit/send.ts';
import { copyFixture, runCli } from './helpers.ts';

const TOKENS = { cohort: 'cohort-for-cli-tests', instructor: 'instructor-for-cli-tests' };
const running: Dashboard[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.close()));
});

/** A dashboard that knows the fixture workshop's labs, as `workshop dashboard` would load them. */
async function dashboard(repo: string, port = 0, options: Partial<DashboardOptions> = {}): Promise<Dashboard> {
  const { labs } = await loadContext(repo);
  const started = await startDashboard({
    port,
    host: '127.0.0.1',
    db: path.join(repo, 'room.db'),
    tokens: TOKENS,
    labs: labCatalog(labs),
    ...options,
  });
  running.push(started);
  return started;
}

/** A loopback port nothing listens on: a dashboard that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const outbox = async (repo: string) =>
  existsSync(path.join(repo, '.workshop/outbox'))
    ? (await readdir(path.join(repo, '.workshop/outbox'))).filter((f) => f.endsWith('.json'))
    : [];

describe('workshop submit', () => {
  it('sends the saved progress to the dashboard and says so in one line each', async () => {
    const repo = await copyFixture();
    const room = await dashboard(repo);
    const run = await runCli(['submit', '--to', room.url, '--token', TOKENS.cohort, '--name', 'Ana'], repo);
    expect(run.stdout).toBe(`sent 1 report to ${room.url} as "Ana"\nqueued 0 reports\n`);
    expect(run.code).toBe(0);
    const [row] = room.store.participants();
    expect(row).toMatchObject({ name: 'Ana', passed: 0, total: 2 });
    expect(await outbox(repo)).toEqual([]);
  });

  it('queues when the dashboard is down, and sends the backlog in order once it is up', async () => {
    const repo = await copyFixture();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const down = await runCli(['submit', '--to', url, '--token', TOKENS.cohort, '--name', 'Ana'], repo);
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('sent 0 reports');
    expect(down.stdout).toMatch(
      /queued 1 report \(connection refused by http:\/\/127\.0\.0\.1:\d+ \(is the dashboard running\?\)\)/,
    );
    expect(await outbox(repo)).toHaveLength(1);

    const room = await dashboard(repo, port);
    const up = await runCli(['submit', '--to', url, '--token', TOKENS.cohort, '--name', 'Ana'], repo);
    expect(up.stdout).toBe(`sent 2 reports to ${url} as "Ana"\nqueued 0 reports\n`);
    expect(room.store.history('Ana')).toHaveLength(2);
  });

  it('keeps the report queued when the token is wrong, naming the problem', async () => {
    const repo = await copyFixture();
    const room = await dashboard(repo);
    const run = await runCli(['submit', '--to', room.url, '--token', 'nope', '--name', 'Ana'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('queued 1 report (HTTP 401: wrong cohort token: ask the instructor for it)');
    expect(room.store.countSubmissions()).toBe(0);
  });

  it('cannot overwrite another participant: a second checkout using the same name is refused', async () => {
    const mine = await copyFixture();
    const theirs = await copyFixture();
    const room = await dashboard(mine);
    await runCli(['submit', '--to', room.url, '--token', TOKENS.cohort, '--name', 'Ana'], mine);
    const run = await runCli(['submit', '--to', room.url, '--token', TOKENS.cohort, '--name', 'Ana'], theirs);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('rejected 1 report: HTTP 403: the name "Ana" belongs to another participant');
    expect(await outbox(theirs)).toEqual([]); // set aside, not retried forever
    expect(room.store.history('Ana')).toHaveLength(1);
  });

  it('keeps the report queued when the dashboard asks to slow down (429), naming when to retry', async () => {
    const repo = await copyFixture();
    const room = await dashboard(repo, 0, { rateLimit: { burst: 1, perMinute: 1 } });
    const args = ['submit', '--to', room.url, '--token', TOKENS.cohort, '--name', 'Ana'];
    expect((await runCli(args, repo)).code).toBe(0);
    const again = await runCli(args, repo);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      /^queued 1 report \(HTTP 429: too many submissions from this participant; retry in \d+ s\); they are sent by the next/m,
    );
    expect(await outbox(repo)).toHaveLength(1);
    expect(room.store.history('Ana')).toHaveLength(1);
  });

  it('names the missing option', async () => {
    const repo = await copyFixture();
    const run = await runCli(['submit', '--token', 't'], repo, { WORKSHOP_DASHBOARD_URL: '' });
    expect(run.stderr).toBe('workshop: --to <dashboard URL> is required (or set WORKSHOP_DASHBOARD_URL)\n');
    const bad = await runCli(['submit', '--to', 'ftp://x', '--token', 't'], repo);
    expect(bad.stderr).toBe('workshop: --to must be an http:// or https:// URL, got "ftp://x"\n');
  });
});

describe('automatic submission in watch mode', () => {
  /**
   * A clock and timer the test drives, and a fetch: by default one that fails until `state.up`,
   * else `answer(call)` for the n-th call. `fire()` runs the next timer and waits for its flush.
   */
  function harness(answer?: (call: number) => Response) {
    const state = { now: 1_000_000, up: false, calls: 0, timers: [] as { at: number; fn: () => void }[] };
    const fakeFetch = (async () => {
      state.calls++;
      if (answer) return answer(state.calls);
      if (!state.up) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return new Response('{}', { status: 201 });
    }) as typeof fetch;
    const submitter = new AutoSubmitter({
      now: () => state.now,
      schedule: (fn, ms) => state.timers.push({ at: state.now + ms, fn }),
      random: () => 0.5,
      fetch: fakeFetch,
      timeoutMs: 100,
    });
    const fire = async () => {
      const timer = state.timers.shift() as { at: number; fn: () => void };
      state.now = timer.at;
      timer.fn();
      await submitter.settled();
    };
    return { state, submitter, fire };
  }
  const env = { WORKSHOP_DASHBOARD_URL: 'http://dashboard.test:4321', WORKSHOP_TOKEN: 't', WORKSHOP_NAME: 'Ana' };

  it('does nothing unless WORKSHOP_DASHBOARD_URL and WORKSHOP_TOKEN are set', async () => {
    const repo = await copyFixture();
    const { state, submitter } = harness();
    await submitter.submit(await loadContext(repo), {});
    expect(state.calls).toBe(0);
    expect(await outbox(repo)).toEqual([]);
  });

  it('queues while the dashboard is down, backs off instead of retrying on every save, then delivers', async () => {
    const repo = await copyFixture();
    const context = await loadContext(repo);
    const { state, submitter, fire } = harness();

    await submitter.submit(context, env);
    expect(state.calls).toBe(1);
    expect(state.timers.map((t) => t.at - state.now)).toEqual([backoffDelay(1, 0.5)]);

    // Two more saves during the backoff: queued, no new attempts.
    await submitter.submit(context, env);
    await submitter.submit(context, env);
    expect(state.calls).toBe(1);
    expect(await outbox(repo)).toHaveLength(3);

    // Still down when the timer fires: one attempt for the whole backlog, and a longer wait.
    await fire();
    expect(state.calls).toBe(2);
    expect(state.timers.map((t) => t.at - state.now)).toEqual([backoffDelay(2, 0.5)]);

    // Back up: the backlog goes out, oldest first, and the queue is empty.
    state.up = true;
    await fire();
    expect(state.calls).toBe(2 + 3);
    expect(await outbox(repo)).toEqual([]);
    expect(state.timers).toEqual([]);
    expect(submitter.lastResult).toMatchObject({ sent: 3, queued: 0 });
  });

  it("waits as long as the dashboard's Retry-After says (429), without growing the backoff", async () => {
    const repo = await copyFixture();
    const context = await loadContext(repo);
    const slowDown = () => new Response('{"error":"retry in 7 s"}', { status: 429, headers: { 'Retry-After': '7' } });
    // Refused twice, then accepted.
    const { state, submitter, fire } = harness((call) =>
      call <= 2 ? slowDown() : new Response('{}', { status: 201 }),
    );
    await submitter.submit(context, env);
    expect(submitter.lastResult?.stoppedBy).toMatchObject({ kind: 'retry', retryAfterMs: 7_000 });
    // Not a second sooner than told (plus up to 1 s of jitter), and no attempt on the next save.
    expect(state.timers.map((t) => t.at - state.now)).toEqual([7_500]);
    await submitter.submit(context, env);
    expect(state.calls).toBe(1);

    await fire();
    // Refused again: the same wait, not a doubled one.
    expect(state.timers.map((t) => t.at - state.now)).toEqual([7_500]);
    await fire();
    expect(submitter.lastResult).toMatchObject({ sent: 2, queued: 0 });
    expect(await outbox(repo)).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T18:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 18:00:12 GMT', now)).toBe(12_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryDelay(3_600_000, 0)).toBe(600_000);
  });

  it('grows the backoff exponentially with jitter, capped at a minute', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(20, 0.999_999)).toBe(60_000);
  });
});

describe('workshop dashboard', () => {
  it("accepts the checkout's labs and refuses others (422), and drains on SIGTERM", async () => {
    const repo = await copyFixture();
    const child = spawn(
      process.execPath,
      [
        path.resolve(import.meta.dirname, '../src/bin.ts'),
        'dashboard',
        '--port',
        '0',
        '--db',
        path.join(repo, 'room.db'),
      ],
      {
        cwd: repo,
        env: { ...process.env, WORKSHOP_COHORT_TOKEN: TOKENS.cohort, WORKSHOP_INSTRUCTOR_TOKEN: TOKENS.instructor },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(child, 'exit');
    let banner = '';
    // Keep reading to the end: the command prints again when it stops.
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
    });
    await expect.poll(() => banner, { timeout: 15_000 }).toContain('Press Ctrl+C');
    const url = /Dashboard for the instructor: (http:\/\/127\.0\.0\.1:\d+)\//.exec(banner)?.[1] as string;
    expect(banner).toMatch(
      /limits: {19}300 participants; each 20 submissions at once, then 20\/min; database ≤ 512 MB/,
    );

    const sent = await runCli(['submit', '--to', url, '--token', TOKENS.cohort, '--name', 'Ana'], repo);
    expect(sent.stdout).toBe(`sent 1 report to ${url} as "Ana"\nqueued 0 reports\n`);
    const invented = await fetch(`${url}/api/submissions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${TOKENS.cohort}`,
        'X-Workshop-Participant-Key': 'k'.repeat(43),
      },
      body: JSON.stringify({
        version: 1,
        target: 'labs',
        participant: { name: 'Bo' },
        generatedAt: new Date().toISOString(),
        labs: [{ id: '99-invented', title: 'x', status: 'pass', checkpoints: [] }],
      }),
    });
    expect(invented.status).toBe(422);
    expect((await invented.json()).error).toBe(
      'invalid submission: labs.0.id: unknown lab "99-invented"; this workshop\'s labs are 01-demo',
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });
});
