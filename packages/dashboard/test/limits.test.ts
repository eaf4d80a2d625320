import { describe, expect, it } from 'vitest';
import type { Submission } from '../src/schema.ts';
import { newKey, rawSubmission, read, start, submission, submit } from './helpers.ts';

/**
 * The attacks of issue 16 ("room limits"), each scaled down, each now answered with its 4xx or
 * 503 — and after each, an ordinary submission still lands.
 */

async function landsNormally(url: string, name = 'Zoe'): Promise<void> {
  const response = await submit(url, submission(name, 2));
  expect(response.status).toBe(201);
}

describe('one participant cannot bloat the room', () => {
  it('refuses invented labs and checkpoints with a 422 naming them (was: 100 labs × 40 checkpoints accepted)', async () => {
    const { url, store } = await start();
    const base = submission('Mallory', 1);
    const template = base.labs[0] as Submission['labs'][number];
    const invented = Array.from({ length: 10 }, (_, l) => ({
      ...template,
      id: `${String(50 + l)}-invented`,
      checkpoints: Array.from({ length: 40 }, (_, c) => ({
        id: `DoD-${c + 1}`,
        title: 'x',
        status: 'fail' as const,
        message: '',
      })),
    }));
    const labs = await submit(url, { ...base, labs: [template, ...invented] });
    expect(labs.status).toBe(422);
    expect((await labs.json()).error).toBe(
      'invalid submission: labs.1.id: unknown lab "50-invented"; this workshop\'s labs are 01-foundations, 02-model-strategy',
    );

    const extra = {
      ...template,
      checkpoints: [...template.checkpoints, { id: 'DoD-9', title: 'x', status: 'pass' as const, message: '' }],
    };
    const checkpoints = await submit(url, { ...base, labs: [extra] });
    expect(checkpoints.status).toBe(422);
    expect((await checkpoints.json()).error).toBe(
      'invalid submission: labs.0.checkpoints.3.id: lab 01-foundations has no checkpoint "DoD-9" (it has DoD-1, DoD-2, DoD-3)',
    );

    const twice = await submit(url, { ...base, labs: [template, template] });
    expect(twice.status).toBe(422);
    expect((await twice.json()).error).toMatch(/labs\.1\.id: lab "01-foundations" appears twice/);
    expect(store.countSubmissions()).toBe(0);

    await landsNormally(url);
    const summary = await (await read(url, '/api/summary')).json();
    expect(summary.labs.map((lab: { id: string }) => lab.id)).toEqual(['01-foundations']);
  });

  it("shows the manifests' titles, not the ones a participant sent", async () => {
    const { url } = await start();
    const spoofed = submission('Ana', 1);
    (spoofed.labs[0] as { title: string }).title = 'Free pizza in room 4';
    await submit(url, spoofed);
    const summary = await (await read(url, '/api/summary')).json();
    expect(summary.labs[0].title).toBe('AI vs deterministic');
    expect(summary.checkpoints[0].title).toBe('Checkpoint 1');
  });

  it('rate-limits each participant with 429 and Retry-After (was: 3,080 submissions in 10 s)', async () => {
    const { url, store } = await start({ rateLimit: { burst: 5, perMinute: 6 } });
    const key = newKey();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let error = '';
    for (let i = 0; i < 30; i++) {
      const response = await submit(url, submission('Mallory', 1), { key });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        error = (await response.json()).error;
      }
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    // One submission per 10 s: the next one is due within 10 s.
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(10);
    expect(error).toMatch(/^too many submissions from this participant; retry in \d+ s$/);
    expect(store.countSubmissions()).toBe(5);
    // The limit is per participant: the rest of the room is not slowed down.
    await landsNormally(url);
  });

  it('caps the participants per room (403 naming the limit)', async () => {
    const { url, store } = await start({ limits: { maxParticipants: 3 } });
    for (const name of ['Ana', 'Bo', 'Cy']) expect((await submit(url, submission(name, 1))).status).toBe(201);
    const fourth = await submit(url, submission('Dee', 1));
    expect(fourth.status).toBe(403);
    expect((await fourth.json()).error).toBe(
      'the room is full: it has 3 participants, the limit; ask the instructor to raise --max-participants',
    );
    expect(store.participantCount()).toBe(3);
    // Those already in the room keep submitting.
    const ana = newKey();
    const full = await start({ limits: { maxParticipants: 1 } });
    expect((await submit(full.url, submission('Ana', 1), { key: ana })).status).toBe(201);
    expect((await submit(full.url, submission('Ana', 2), { key: ana })).status).toBe(201);
  });
});

describe('look-alike names', () => {
  it('refuses a look-alike of an existing name as that name, and zero-width or bidi characters outright', async () => {
    const { url, store } = await start();
    const alice = newKey();
    expect((await submit(url, submission('Alice', 1), { key: alice })).status).toBe(201);

    for (const lookalike of ['\u0410lice', 'AIice', 'ALICE', '\uFF21lice', ' Alice  ']) {
      const response = await submit(url, submission(lookalike, 3));
      expect(response.status, lookalike).toBe(403);
      expect((await response.json()).error, lookalike).toMatch(/belongs to another participant; submit with --name/);
    }
    const cyrillic = await submit(url, submission('\u0410lice', 3));
    expect((await cyrillic.json()).error).toBe(
      'the name "\u0410lice" looks like "Alice", which belongs to another participant; submit with --name <another name>',
    );
    for (const [hidden, code] of [
      ['Ali\u200Bce', 'U+200B'],
      ['\u202EecilA', 'U+202E'],
      ['Alice\u2066', 'U+2066'],
      ['Al\u00ADice', 'U+00AD'],
    ] as const) {
      const response = await submit(url, submission(hidden, 3));
      expect(response.status, code).toBe(422);
      expect((await response.json()).error).toBe(
        `invalid submission: participant.name: must not contain invisible or bidi control characters (${code})`,
      );
    }
    expect(store.participants().map((row) => [row.name, row.passed])).toEqual([['Alice', 1]]);

    // Alice herself, typing her name differently, is still Alice.
    expect((await submit(url, submission('\u0410LICE', 2), { key: alice })).status).toBe(201);
    expect(store.participants().map((row) => [row.name, row.passed])).toEqual([['Alice', 2]]);
    await landsNormally(url);
  });
});

describe('instructor cookie', () => {
  it('answers a malformed cookie with 401, not a 500 with a stack', async () => {
    const { url } = await start();
    for (const route of ['/api/summary', '/api/events', '/api/export.csv', '/api/participants/Ana/history']) {
      const response = await fetch(`${url}${route}`, { headers: { Cookie: 'workshop_instructor=%E0%A4%A' } });
      expect(response.status, route).toBe(401);
      expect((await response.json()).error).toMatch(/^malformed workshop_instructor cookie/);
    }
    // A malformed path is the client's mistake too.
    const path = await read(url, '/api/participants/%E0%A4%A/history');
    expect(path.status).toBe(400);
    await landsNormally(url);
  });
});

describe('body limit', () => {
  it('names the limit in the 413 for a chunked body (was: "undefined bytes")', async () => {
    const { url, store } = await start({ bodyLimitBytes: 10_000 });
    const chunked = rawSubmission(url);
    for (let i = 0; i < 30; i++) chunked.write(' '.repeat(1000));
    const answer = await chunked.end();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe(
      'submission too large: over 10000 bytes (sent without a Content-Length), the limit is 10000 bytes',
    );
    expect(store.countSubmissions()).toBe(0);
    await landsNormally(url);
  });
});
