import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/group-commit.ts';
import { SubmissionStore } from '../src/store.ts';
import { LABS, newKey, rawSubmission, start, submission, submit, TOKENS, tempDir } from './helpers.ts';
import { startServerProcess } from './server-process.ts';

/** A submission whose first 100 bytes are sent now: `finish()` sends the rest and resolves with the answer. */
function slowSubmission(url: string, name: string): { finish(): Promise<{ status: number; body: string }> } {
  const body = Buffer.from(JSON.stringify(submission(name, 2)));
  const raw = rawSubmission(url, { 'Content-Length': body.length });
  raw.write(body.subarray(0, 100));
  return { finish: () => raw.end(body.subarray(100)) };
}

describe('stopping the dashboard', () => {
  it('lets a request in flight finish and commit before the database closes (was: cut by closeAllConnections)', async () => {
    const dashboard = await start();
    const { url } = dashboard;
    const slow = slowSubmission(url, 'Ana');
    await expect.poll(() => dashboard.inFlight()).toBe(1);

    const closed = dashboard.close();
    await sleep(50);
    // No new connections once stopping began…
    await expect(submit(url, submission('Bo', 1))).rejects.toThrow();
    // …but the one in flight is answered, after its commit.
    const answer = await slow.finish();
    expect(answer.status).toBe(201);
    await closed;

    const db = new DatabaseSync(dashboard.db, { readOnly: true });
    expect(db.prepare('SELECT name, passed FROM participants').all()).toEqual([{ name: 'Ana', passed: 2 }]);
    db.close();
  });

  // `close()` awaits `drain()` before `store.close()`: a client that hangs up right after sending
  // its body lets the server close while that body's commit is still queued.
  it('finishes a pending group commit before closing the database', async () => {
    const store = new SubmissionStore(path.join(tempDir(), 'room.db'));
    const writer = new GroupCommit(store);
    // Queued for the next turn of the event loop, as when bodies arrive together.
    const pending = ['Ana', 'Bo', 'Cy'].map((name) => writer.record(submission(name, 1), newKey()));
    await writer.drain();
    store.close();
    expect((await Promise.all(pending)).map((result) => result.ok)).toEqual([true, true, true]);
  });

  it('drains on SIGTERM: the server process answers the request in flight, then exits 0', async () => {
    const db = path.join(tempDir(), 'room.db');
    const { url, child, exited } = await startServerProcess({ db, labs: LABS, tokens: TOKENS });

    const slow = slowSubmission(url, 'Ana');
    await sleep(200); // the server has the headers and part of the body
    child.kill('SIGTERM');
    await sleep(200);
    const answer = await slow.finish();
    expect(answer.status).toBe(201);
    expect(await exited).toBe(0);

    const stored = new DatabaseSync(db, { readOnly: true });
    expect(stored.prepare('SELECT name FROM participants').all()).toEqual([{ name: 'Ana' }]);
    stored.close();
  });
});
