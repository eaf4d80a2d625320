/**
 * The shared state in Redis, through node-redis (`@redis/client`): every process on every machine
 * pointed at the same `REDIS_URL` shares budgets, breakers, ratings and the rest.
 *
 * Why node-redis: it is the client Redis itself maintains, typed, speaks RESP3, and runs Lua
 * scripts by SHA with a transparent fallback to EVAL (`defineScript`). The two compound
 * operations (`increment` with a limit, `countSince` with a trim) are Lua scripts, so they are
 * atomic across processes without WATCH/MULTI retries.
 *
 * Failure is loud, never silent: the offline queue is off (a command while disconnected fails at
 * once instead of waiting for a reconnect), every command has a deadline, and each failure is a
 * `StateStoreError` that the caller turns into a refusal or a flagged degradation.
 */
import { createClient, defineScript } from '@redis/client';
import { type Counted, type StateStore, StateStoreError } from './store.ts';

/** Options of `RedisStateStore.connect`. */
export interface RedisStateOptions {
  /** `redis://host:port/db` (also `rediss://` for TLS). */
  url: string;
  /** Prefix of every key, so several services can share one Redis. Default `capstone:`. */
  keyPrefix?: string;
  /** Deadline of one command, in ms. Default 500. */
  commandTimeoutMs?: number;
  /** Deadline of the first connection, in ms. Default 2,000. */
  connectTimeoutMs?: number;
}

/** Add to a counter unless a limit says no; the counter's expiry is set when it is created. */
const INCREMENT = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local delta = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
if limit ~= nil and delta > 0 and current + delta > limit then
  return {0, current, redis.call('PTTL', KEYS[1])}
end
local value = redis.call('INCRBY', KEYS[1], delta)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {1, value, ttl}`,
  parseCommand(parser, key: string, delta: number, ttlMs: number, limit: number | undefined) {
    parser.pushKey(key);
    parser.push(String(delta), String(Math.max(1, Math.ceil(ttlMs))), limit === undefined ? '' : String(limit));
  },
  transformReply: (reply: unknown) => reply as [number, number, number],
});

/** Trim a sorted set below a score, then count the members at or above another. */
const COUNT_SINCE = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
if ARGV[2] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2]) end
return redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf')`,
  parseCommand(parser, key: string, min: number, dropBelow: number | undefined) {
    parser.pushKey(key);
    parser.push(String(min), dropBelow === undefined ? '' : String(dropBelow));
  },
  transformReply: (reply: unknown) => reply as number,
});

function createRedisClient(options: RedisStateOptions) {
  return createClient({
    url: options.url,
    keyPrefix: options.keyPrefix ?? 'capstone:',
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 500 },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      // Keep trying in the background (capped backoff); commands fail fast meanwhile.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
    scripts: { increment: INCREMENT, countSince: COUNT_SINCE },
  });
}

type Client = ReturnType<typeof createRedisClient>;

export class RedisStateStore implements StateStore {
  readonly kind = 'redis';
  readonly #client: Client;

  private constructor(client: Client) {
    this.#client = client;
  }

  /** Connect, or throw one line that names the URL's host (never its password). */
  static async connect(options: RedisStateOptions): Promise<RedisStateStore> {
    const client = createRedisClient(options);
    // Errors after the first connection surface on the commands; the event only needs a listener.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw new Error(`REDIS_URL: cannot connect to ${describe(options.url)}: ${messageOf(error)}`);
    }
    return new RedisStateStore(client);
  }

  get(key: string): Promise<string | undefined> {
    return this.#run('get', async () => (await this.#client.get(key)) ?? undefined);
  }

  set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    return this.#run('set', async () => {
      const reply = await this.#client.set(key, value, {
        expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        ...(onlyIfAbsent ? { condition: 'NX' as const } : {}),
      });
      return reply !== null;
    });
  }

  delete(key: string): Promise<void> {
    return this.#run('delete', async () => {
      await this.#client.del(key);
    });
  }

  increment(key: string, delta: number, ttlMs: number, limit?: number): Promise<Counted> {
    return this.#run('increment', async () => {
      const [ok, value, ttl] = await this.#client.increment(key, Math.trunc(delta), ttlMs, limit);
      return { ok: ok === 1, value: Number(value), ttlMs: Math.max(0, Number(ttl)) };
    });
  }

  mark(key: string, member: string, score: number, ttlMs: number): Promise<void> {
    return this.#run('mark', async () => {
      await this.#client
        .multi()
        .zAdd(key, { score, value: member })
        .pExpire(key, Math.max(1, Math.ceil(ttlMs)))
        .exec();
    });
  }

  countSince(key: string, min: number, dropBelow?: number): Promise<number> {
    return this.#run('countSince', async () => Number(await this.#client.countSince(key, min, dropBelow)));
  }

  ping(): Promise<void> {
    return this.#run('ping', async () => {
      await this.#client.ping();
    });
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.close();
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new StateStoreError(operation, messageOf(error), { cause: error });
    }
  }
}

/** `host:port` of a Redis URL, without credentials. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an invalid URL';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
