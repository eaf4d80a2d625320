import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newKey, read, start, submission, submit, TOKENS, tempDir } from './helpers.ts';

describe('auth', () => {
  it('rejects a submission without a token, or with the wrong one, with a JSON 401', async () => {
    const { url } = await start();
    const missing = await submit(url, submission('Ana', 1), { token: '' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatch(/missing token/);

    const wrong = await submit(url, submission('Ana', 1), { token: 'guess' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatch(/wrong cohort token/);
  });

  it('keeps the two roles apart: the instructor token cannot submit, the cohort token cannot read', async () => {
    const { url } = await start();
    expect((await submit(url, submission('Ana', 1), { token: TOKENS.instructor })).status).toBe(401);
    for (const route of ['/api/summary', '/api/export.csv', '/api/events', '/api/participants/Ana/history']) {
      const response = await read(url, route, TOKENS.cohort);
      expect(response.status, route).toBe(401);
      expect((await response.json()).error).toBe('wrong instructor token');
    }
    const anonymous = await fetch(`${url}/api/summary`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatch(/missing token/);
  });

  it('trades the instructor token for an HttpOnly cookie that authorises reads', async () => {
    const { url } = await start();
    const wrong = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TOKENS.cohort }),
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TOKENS.instructor }),
    });
    expect(ok.status).toBe(204);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const summary = await fetch(`${url}/api/summary`, { headers: { Cookie: cookie.split(';')[0] as string } });
    expect(summary.status).toBe(200);
  });
});

describe('input validation', () => {
  it('answers malformed JSON with 400 and a message', async () => {
    const { url } = await start();
    const response = await submit(url, '{"version": 1,');
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^malformed JSON/);
  });

  it('names the first invalid field of a well-formed but wrong submission (422)', async () => {
    const { url } = await start();
    const bad = submission('Ana', 1);
    (bad.labs[0]?.checkpoints[1] as { status: string }).status = 'passed';
    const response = await submit(url, bad);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(/^invalid submission: labs\.0\.checkpoints\.1\.status/);

    const noName = await submit(url, submission('   ', 1));
    expect(noName.status).toBe(422);
    expect((await noName.json()).error).toMatch(/participant\.name: must not be empty/);
  });

  it('requires JSON and a participant key', async () => {
    const { url } = await start();
    const text = await submit(url, JSON.stringify(submission('Ana', 1)), { contentType: 'text/plain' });
    expect(text.status).toBe(415);
    const keyless = await submit(url, submission('Ana', 1), { key: '' });
    expect(keyless.status).toBe(400);
    expect((await keyless.json()).error).toMatch(/x-workshop-participant-key/);
  });

  it('refuses an oversized body with 413 before storing anything', async () => {
    const { url, store } = await start({ bodyLimitBytes: 10_000 });
    const big = submission('Ana', 1);
    big.labs = Array.from({ length: 40 }, (_, i) => ({
      ...(big.labs[0] as (typeof big.labs)[0]),
      id: `${String(i).padStart(2, '0')}-lab`,
    }));
    const response = await submit(url, big);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/submission too large: \d+ bytes, the limit is 10000 bytes/);
    expect(store.countSubmissions()).toBe(0);
  });
});

describe('participants', () => {
  it('binds a name to the first key: another key cannot overwrite that record', async () => {
    const { url, store } = await start();
    const ana = newKey();
    expect((await submit(url, submission('Ana', 2), { key: ana })).status).toBe(201);

    const impostor = await submit(url, submission('ana', 0), { key: newKey() });
    expect(impostor.status).toBe(403);
    expect((await impostor.json()).error).toMatch(/belongs to another participant; submit with --name/);

    expect((await submit(url, submission('Ana', 3), { key: ana })).status).toBe(201);
    const [row] = store.participants();
    expect(row?.passed).toBe(3);
    expect(store.countSubmissions()).toBe(2);
  });

  it('keeps every submission across a restart (created on first start, reopened after)', async () => {
    const db = path.join(tempDir(), 'room.db');
    const first = await start({ db });
    const key = newKey();
    for (const passed of [0, 1, 2])
      expect((await submit(first.url, submission('Ana', passed), { key })).status).toBe(201);
    expect(first.store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    await first.close();

    const second = await start({ db });
    const history = await read(second.url, '/api/participants/Ana/history');
    const body = (await history.json()) as { history: { passed: number }[] };
    expect(body.history.map((point) => point.passed)).toEqual([0, 1, 2]);
    // The key binding survived too.
    expect((await submit(second.url, submission('Ana', 3), { key: newKey() })).status).toBe(403);
  });
});

describe('reading the room', () => {
  it('summarises the heatmap, the pass rates and who keeps failing the same checkpoint', async () => {
    const { url } = await start({ repeatFailures: 3 });
    const bo = newKey();
    await submit(url, submission('Ana', 3));
    for (let i = 0; i < 3; i++) await submit(url, submission('Bo', 1), { key: bo });
    const summary = await (await read(url, '/api/summary')).json();
    expect(summary.labs.map((lab: { id: string }) => lab.id)).toEqual(['01-foundations']);
    expect(summary.participants.map((p: { name: string; labs: object }) => [p.name, p.labs])).toEqual([
      ['Ana', { '01-foundations': { passed: 3, total: 3, status: 'pass' } }],
      ['Bo', { '01-foundations': { passed: 1, total: 3, status: 'fail' } }],
    ]);
    expect(
      summary.checkpoints.map((c: { checkpoint: string; passed: number; attempted: number }) => [
        c.checkpoint,
        c.passed,
        c.attempted,
      ]),
    ).toEqual([
      ['DoD-1', 2, 2],
      ['DoD-2', 1, 2],
      ['DoD-3', 1, 2],
    ]);
    const bo_ = summary.participants[1];
    expect(bo_.stuck).toMatchObject({ lab: '01-foundations', checkpoint: 'DoD-2', streak: 3 });
    expect(summary.participants[0].stuck).toBeNull();
  });

  it('exports CSV with formula-leading cells defused and commas quoted', async () => {
    const { url } = await start();
    await submit(url, submission('=HYPERLINK("http://evil","x")', 1));
    await submit(url, submission('Lee, Ana', 1));
    const response = await read(url, '/api/export.csv');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="?workshop-progress.csv"?$/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('participant,lab,checkpoint,title,status,submitted_at,message,metrics');
    expect(lines.some((line) => line.startsWith(`"'=HYPERLINK(""http://evil"",""x"")",01-foundations,DoD-1,`))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith('"Lee, Ana",01-foundations,DoD-2,Checkpoint 2,fail,'))).toBe(true);
  });

  it('pushes a submission event to open event streams', async () => {
    const { url } = await start();
    const controller = new AbortController();
    const stream = await fetch(`${url}/api/events`, {
      headers: { Authorization: `Bearer ${TOKENS.instructor}` },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const bytes = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const reader = { read: async () => ({ value: decoder.decode((await bytes.read()).value, { stream: true }) }) };
    expect((await reader.read()).value).toContain(': connected');

    await submit(url, submission('Ana', 2));
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    controller.abort();
    expect(text).toMatch(/^event: submission\ndata: /);
    expect(JSON.parse(text.split('data: ')[1] as string)).toMatchObject({ name: 'Ana', passed: 2, total: 3 });
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    const { url } = await start();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
