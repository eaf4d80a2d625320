/**
 * Scale-out, as it runs in production: real service processes (`node src/main.ts`), configured
 * only through their environment, behind which a load balancer would spread the traffic.
 *
 * - Two processes on one Redis: a budget spent on A is refused on B, a circuit opened on A is open
 *   on B, an answer rated on A cannot be rated again on B.
 * - One process with `CAPSTONE_WORKERS=2` and no Redis: the workers share ratings through the
 *   primary, and `/metrics` answers for the whole cluster.
 *
 * The provider is a fake OpenAI-compatible server in this test, on loopback, reached by the real
 * `openai` client in the child processes; it fails on demand.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_DIR } from '../src/corpus.ts';
import { type Json, parseMetrics } from './support/harness.ts';
import { findRedisServer, type RedisServer, startRedis } from './support/redis.ts';

const MAIN = path.join(import.meta.dirname, '..', 'src', 'main.ts');
const FIXTURE_CORPUS = path.join(LAB_DIR, 'fixtures', 'corpus');
/** One user per step, so one step's spending never decides another's budget. */
const KEYS = Object.fromEntries(
  ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((user) => [user, `scale-key-${user}-0123456789`]),
) as Record<'alice' | 'bob' | 'carol' | 'dave' | 'erin' | 'frank', string>;
const API_KEYS = Object.entries(KEYS)
  .map(([user, key]) => `${user}:${key}`)
  .join(',');

/** A fake OpenAI chat endpoint: a grounded one-line answer, or a 503 for questions containing FAIL. */
function fakeUpstream(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messages: { role: string; content: string }[];
      };
      const question = body.messages.at(-1)?.content ?? '';
      res.setHeader('content-type', 'application/json');
      if (question.includes('FAIL')) {
        res.statusCode = 503;
        res.end(JSON.stringify({ error: { message: 'upstream down', type: 'server_error' } }));
        return;
      }
      const sources = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const line = sources.split('\n').find((l) => /\[\d+\][.!?:;]?$/.test(l.trim())) ?? "I don't know.";
      res.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: line.trim() }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/v1`,
        requests: () => requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

/** A service process; resolves with its URL once it listens (and, when given, once `ready` is printed). */
async function startProcess(
  env: Record<string, string>,
  ready?: RegExp,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', CAPSTONE_DRAIN_NOTICE_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start: ${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /ask the workshop: (http:\/\/\S+)/.exec(output)?.[1];
      if (found && (!ready || ready.test(output))) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}): ${output}`));
    });
  });
  return { url, child };
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One request on a fresh connection (so a cluster's primary hands it to the next worker). */
function call(url: string, route: string, user: keyof typeof KEYS, body?: unknown) {
  return new Promise<{ status: number; body: Json; text: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      `${url}${route}`,
      {
        method: payload === undefined ? 'GET' : 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${KEYS[user]}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // the metrics text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const redisBinary = findRedisServer('scale-out.test.ts');

describe.skipIf(!redisBinary)('two service processes on one Redis', () => {
  let redis: RedisServer;
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  let a: { url: string; child: ChildProcess } | undefined;
  let b: { url: string; child: ChildProcess } | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'capstone-scale-'));

  beforeAll(async () => {
    redis = await startRedis(redisBinary as string);
    upstream = await fakeUpstream();
    const env = (name: string) => ({
      REDIS_URL: redis.url,
      CAPSTONE_API_KEYS: API_KEYS,
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: upstream.url,
      EMBEDDING_PROVIDER: 'offline',
      // The fixed notes, not the lab briefs: editing a brief must not change what these tests retrieve.
      CAPSTONE_CORPUS_DIR: FIXTURE_CORPUS,
      // A question reserves its prompt (~150 tokens on these notes) + 200 and the fake provider bills
      // 1,100: the 100 left after one question cannot admit another.
      CAPSTONE_PER_USER_DAILY_TOKENS: '1200',
      CAPSTONE_PROVIDER_MAX_ATTEMPTS: '1',
      CAPSTONE_BREAKER_FAILURE_THRESHOLD: '2',
      CAPSTONE_BREAKER_COOLDOWN_MS: '60000',
      CAPSTONE_AUDIT_FILE: path.join(dir, `${name}.jsonl`),
    });
    [a, b] = await Promise.all([startProcess(env('a')), startProcess(env('b'))]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopProcess(a?.child), stopProcess(b?.child)]);
    await upstream?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses on B a budget spent on A (and B still answers others)', async () => {
    const spent = await call(a?.url ?? '', '/v1/ask', 'carol', {
      question: 'How does the exact-match cache store an answer?',
    });
    const refused = await call(b?.url ?? '', '/v1/ask', 'carol', { question: 'What does a cache hit cost?' });
    const other = await call(b?.url ?? '', '/v1/ask', 'bob', { question: 'What does a cache hit cost?' });

    expect(spent.status, spent.text).toBe(200);
    expect(spent.body.usage.totalTokens).toBe(1100);
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.error.code).toBe('budget_exceeded');
    expect(other.status, other.text).toBe(200);
  });

  it('accepts a rating once: rated on A, refused on B (and never by someone else)', async () => {
    const answer = await call(a?.url ?? '', '/v1/ask', 'alice', { question: 'How are prompt versions labelled?' });
    const id = answer.body.requestId as string;

    const onA = await call(a?.url ?? '', '/v1/feedback', 'alice', { requestId: id, rating: 'up' });
    const onB = await call(b?.url ?? '', '/v1/feedback', 'alice', { requestId: id, rating: 'down' });
    const stranger = await call(b?.url ?? '', '/v1/feedback', 'bob', { requestId: id, rating: 'down' });

    expect(answer.status, answer.text).toBe(200);
    expect(onA.status, onA.text).toBe(202);
    expect(onB.status, onB.text).toBe(409);
    expect(stranger.status, stranger.text).toBe(403);
  });

  it('keeps a circuit opened on A open on B: B does not call the provider', async () => {
    const failing = [
      ['dave', 'FAIL one: how does the breaker open?'],
      ['erin', 'FAIL two: how does the breaker open?'],
    ] as const;
    for (const [user, question] of failing) {
      const failed = await call(a?.url ?? '', '/v1/ask', user, { question });
      expect(failed.body.degradedReason, failed.text).toBe('providers_unavailable');
    }
    const before = upstream.requests();

    const onB = await call(b?.url ?? '', '/v1/ask', 'frank', {
      question: 'What happens to the readiness check on shutdown?',
    });
    const readyB = await call(b?.url ?? '', '/readyz', 'bob');
    const scraped = await call(b?.url ?? '', '/metrics', 'bob');
    expect(scraped.status, scraped.text.slice(0, 300)).toBe(200);
    const metricsB = parseMetrics(scraped.text);

    expect(onB.status, onB.text).toBe(200);
    expect(onB.body).toMatchObject({ status: 'degraded', degradedReason: 'providers_unavailable' });
    expect(upstream.requests(), 'B refused the call itself: the circuit is open').toBe(before);
    expect(metricsB.value('capstone_provider_attempts_total', { provider: 'openai', outcome: 'circuit_open' })).toBe(1);
    expect(readyB.status).toBe(503);
    expect(readyB.body.checks.providers.detail).toContain('open');
  });
});

describe('CAPSTONE_WORKERS=2 without Redis: the workers share state through the primary', () => {
  let cluster: { url: string; child: ChildProcess } | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'capstone-cluster-'));

  beforeAll(async () => {
    cluster = await startProcess(
      {
        CAPSTONE_WORKERS: '2',
        CAPSTONE_API_KEYS: API_KEYS,
        CAPSTONE_AUDIT_FILE: path.join(dir, 'audit.jsonl'),
        CAPSTONE_CORPUS_DIR: FIXTURE_CORPUS,
      },
      /all 2 workers listening/,
    );
  }, 60_000);

  afterAll(async () => {
    await stopProcess(cluster?.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rates an answer once whichever worker takes each call, and reports the whole cluster’s metrics', async () => {
    const url = cluster?.url ?? '';
    const questions = ['How does the circuit breaker decide to open?', 'How are prompt versions labelled?'];
    const statuses: number[][] = [];
    for (const question of questions) {
      const answer = await call(url, '/v1/ask', 'alice', { question });
      expect(answer.status, answer.text).toBe(200);
      // Fresh connections: the primary hands them to the workers in turn.
      const first = await call(url, '/v1/feedback', 'alice', { requestId: answer.body.requestId, rating: 'up' });
      const second = await call(url, '/v1/feedback', 'alice', { requestId: answer.body.requestId, rating: 'up' });
      statuses.push([first.status, second.status]);
    }
    const scraped = await call(url, '/metrics', 'alice');
    expect(scraped.status, scraped.text.slice(0, 300)).toBe(200);
    const metrics = parseMetrics(scraped.text);

    expect(statuses).toEqual([
      [202, 409],
      [202, 409],
    ]);
    expect(metrics.value('capstone_asks_total'), 'both workers’ questions, summed by the primary').toBe(2);
    expect(metrics.value('capstone_feedback_total')).toBe(2);
    expect(metrics.value('capstone_satisfaction_ratio')).toBe(1);
  });
});
