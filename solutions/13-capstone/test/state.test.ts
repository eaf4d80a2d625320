/**
 * The shared state: one contract for the three stores (this process's memory, the cluster
 * primary's over IPC, Redis), the budget ledger's atomicity under concurrent reservations, and
 * what the service does when Redis fails: it refuses clearly (503, a metric, /readyz), never
 * skips a budget. Redis is Debian's `redis-server` on a free loopback port.
 */

import type { Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { useMockNetwork } from '@workshop/testkit';
import { BudgetExceededError } from '@workshop-solutions/04-platform-patterns/budget-error.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenLedger } from '../src/shared/token-ledger.ts';
import { IpcStateStore, serveStateOverIpc } from '../src/state/ipc.ts';
import { MemoryStateStore } from '../src/state/memory.ts';
import { RedisStateStore } from '../src/state/redis.ts';
import type { StateStore } from '../src/state/store.ts';
import { BREAKER_ANSWER, expectMetric, QUESTIONS, toServices, useServices } from './support/harness.ts';
import { openai } from './support/providers.ts';
import { findRedisServer, type RedisServer, startRedis } from './support/redis.ts';

const network = useMockNetwork({ handlers: [toServices] });
const start = useServices();
const redisBinary = findRedisServer('state.test.ts');
let redis: RedisServer | undefined;

beforeAll(async () => {
  if (redisBinary) redis = await startRedis(redisBinary);
});
afterAll(async () => {
  await redis?.stop();
});

/** A worker and its primary joined by an in-memory channel that serialises like IPC does. */
function ipcPair(primaryStore: StateStore): IpcStateStore {
  const toPrimary = new EventEmitter();
  const toWorker = new EventEmitter();
  const copy = (message: unknown) => JSON.parse(JSON.stringify(message)) as unknown;
  const worker = Object.assign(toPrimary, {
    isConnected: () => true,
    send: (message: unknown) => {
      setImmediate(() => toWorker.emit('message', copy(message)));
      return true;
    },
  }) as unknown as Worker;
  serveStateOverIpc(worker, primaryStore);
  return new IpcStateStore({
    send: (message) => {
      setImmediate(() => toPrimary.emit('message', copy(message)));
      return true;
    },
    on: (event, listener) => toWorker.on(event, listener),
    off: (event, listener) => toWorker.off(event, listener),
  });
}

const stores: [string, () => Promise<StateStore>][] = [
  ['memory', async () => new MemoryStateStore()],
  ['ipc (the cluster primary’s memory)', async () => ipcPair(new MemoryStateStore())],
  [
    'redis',
    async () => {
      if (!redis) throw new Error('no redis');
      return RedisStateStore.connect({ url: redis.url, keyPrefix: `t-${randomUUID()}:` });
    },
  ],
];

for (const [kind, open] of stores) {
  describe.skipIf(kind === 'redis' && !redisBinary)(`the ${kind} store keeps the StateStore contract`, () => {
    it('sets with a TTL, sets only if absent, and forgets expired keys', async () => {
      const store = await open();
      try {
        expect(await store.set('a', 'one', 60_000)).toBe(true);
        expect(await store.set('a', 'two', 60_000, true), 'onlyIfAbsent leaves an existing key').toBe(false);
        expect(await store.get('a')).toBe('one');
        await store.set('short', 'x', 30);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(await store.get('short')).toBeUndefined();
        expect(await store.set('short', 'y', 60_000, true), 'an expired key is absent').toBe(true);
        await store.delete('a');
        expect(await store.get('a')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('increments atomically, refuses what would pass the limit, and keeps the first expiry', async () => {
      const store = await open();
      try {
        const results = await Promise.all(
          Array.from({ length: 40 }, () => store.increment('budget', 100, 60_000, 1_000)),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(10);
        expect(await store.get('budget'), 'a counter reads as its number').toBe('1000');
        const refused = await store.increment('budget', 1, 60_000, 1_000);
        expect(refused).toMatchObject({ ok: false, value: 1_000 });
        const refund = await store.increment('budget', -300, 60_000, 1_000);
        expect(refund).toMatchObject({ ok: true, value: 700 });
        const first = await store.increment('window', 1, 5_000);
        const later = await store.increment('window', 1, 60_000);
        expect(later.ttlMs, 'a window does not restart with each request').toBeLessThanOrEqual(5_000);
        expect(first.ttlMs).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });

    it('counts sorted-set members since a score, dropping those below the retention', async () => {
      const store = await open();
      try {
        await store.mark('users', 'old', 100, 60_000);
        await store.mark('users', 'recent', 900, 60_000);
        await store.mark('users', 'now', 1_000, 60_000);
        await store.mark('users', 'recent', 950, 60_000); // a member's score moves
        expect(await store.countSince('users', 900)).toBe(2);
        expect(await store.countSince('users', 0, 500), 'the old member is trimmed').toBe(2);
        expect(await store.countSince('users', 0)).toBe(2);
        expect(await store.countSince('nothing', 0)).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('holds a user’s daily budget across concurrent reservations, and charges what was settled', async () => {
      const store = await open();
      try {
        const ledger = new TokenLedger({ store, perRequestTokens: 1_000, perUserDailyTokens: 2_000, now: Date.now });
        const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => ledger.reserve('alice', 500)));
        const held = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
        expect(held).toHaveLength(4);
        expect(
          attempts.filter((a) => a.status === 'rejected').every((a) => a.reason instanceof BudgetExceededError),
        ).toBe(true);
        for (const reservation of held) await reservation.settle(120);
        expect(await ledger.usedToday('alice')).toBe(480);
        expect(await ledger.usedToday('bob')).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}

describe.skipIf(!redisBinary)('the service on Redis', () => {
  it('refuses clearly when Redis is gone: 503 state_unavailable, a metric, /readyz — and no model call', async () => {
    const own = redisBinary ? await startRedis(redisBinary) : undefined;
    if (!own) return;
    network.openai.script({ content: BREAKER_ANSWER });
    const state = await RedisStateStore.connect({ url: own.url, commandTimeoutMs: 300 });
    const api = await start({ chatModels: [openai()], state });
    expect((await api.ask(QUESTIONS.breaker)).status, 'answers while Redis is up').toBe(200);

    await own.stop();
    const refused = await api.ask(QUESTIONS.cache);
    const ready = await api.get('/readyz');

    expect(refused.status, refused.text).toBe(503);
    expect(refused.body.error.code).toBe('state_unavailable');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(network.openai.chatRequests, 'no budget, no model call').toHaveLength(1);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.state.ok).toBe(false);
    const metrics = await api.metrics();
    expect(metrics.value('capstone_state_errors_total')).toBeGreaterThan(0);
    expectMetric(metrics, 'capstone_state_available').toBe(0);
  });

  it('shares ratings, budgets and the cache between two services on one Redis', async () => {
    if (!redis) return;
    const prefix = `s-${randomUUID()}:`;
    network.openai.script(
      { content: BREAKER_ANSWER, usage: { inputTokens: 300, outputTokens: 30 } },
      { content: 'Only requests with temperature zero are cached [1].', usage: { inputTokens: 300, outputTokens: 30 } },
    );
    const a = await start({
      chatModels: [openai()],
      state: await RedisStateStore.connect({ url: redis.url, keyPrefix: prefix }),
      config: { perUserDailyTokens: 700 },
    });
    const b = await start({
      chatModels: [openai()],
      state: await RedisStateStore.connect({ url: redis.url, keyPrefix: prefix }),
      config: { perUserDailyTokens: 700 },
    });

    const answered = await a.ask(QUESTIONS.breaker, 'alice');
    const cached = await b.ask(QUESTIONS.breaker, 'bob');
    const over = await b.ask(QUESTIONS.cache, 'alice');
    const rated = await a.post('/v1/feedback', { requestId: answered.body.requestId, rating: 'up' }, { user: 'alice' });
    const again = await b.post('/v1/feedback', { requestId: answered.body.requestId, rating: 'up' }, { user: 'alice' });

    expect(answered.status, answered.text).toBe(200);
    expect(cached.body.cached, 'B answers from A’s cache entry').toBe(true);
    expect(over.status, 'alice spent her day on A').toBe(429);
    expect(rated.status).toBe(202);
    expect(again.status, 'rated on A, not again on B').toBe(409);
    expect(network.openai.chatRequests).toHaveLength(1);
  });
});
