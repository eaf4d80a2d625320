/**
 * The state of a cluster without Redis: the primary process keeps one `MemoryStateStore` and its
 * workers reach it over the cluster's IPC channel, so the workers of one machine share budgets,
 * breakers and ratings exactly as separate machines do through Redis. A round trip costs tens of
 * microseconds; a primary that stops answering fails the call after `timeoutMs`, never silently.
 * Given code: the same file in the starter and the solution.
 */
import type { Worker } from 'node:cluster';
import { type Counted, type StateStore, StateStoreError } from './store.ts';

/** The operations that cross the channel: the store's, minus the lifecycle ones. */
type Operation = 'get' | 'set' | 'delete' | 'increment' | 'mark' | 'countSince' | 'ping';

const OPERATIONS: ReadonlySet<string> = new Set<Operation>([
  'get',
  'set',
  'delete',
  'increment',
  'mark',
  'countSince',
  'ping',
]);

interface Request {
  capstoneState: { id: number; op: Operation; args: unknown[] };
}

interface Reply {
  capstoneState: { id: number; ok: boolean; value?: unknown; error?: string };
}

/** The channel to the primary: `process` in a cluster worker. */
export interface IpcChannel {
  send?(message: unknown): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A worker's view of the primary's memory store. */
export class IpcStateStore implements StateStore {
  readonly kind = 'ipc';
  readonly #channel: IpcChannel;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #listener: (message: unknown) => void;
  #nextId = 1;

  constructor(channel: IpcChannel = process, timeoutMs = 1_000) {
    this.#channel = channel;
    this.#timeoutMs = timeoutMs;
    this.#listener = (message) => {
      const reply = (message as Partial<Reply> | null)?.capstoneState;
      if (!reply || typeof reply.id !== 'number') return;
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error ?? 'the primary refused the operation'));
    };
    channel.on('message', this.#listener);
  }

  get(key: string): Promise<string | undefined> {
    return this.#call('get', [key]) as Promise<string | undefined>;
  }

  set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    return this.#call('set', [key, value, ttlMs, onlyIfAbsent]) as Promise<boolean>;
  }

  async delete(key: string): Promise<void> {
    await this.#call('delete', [key]);
  }

  increment(key: string, delta: number, ttlMs: number, limit?: number): Promise<Counted> {
    return this.#call('increment', [key, delta, ttlMs, limit ?? null]) as Promise<Counted>;
  }

  async mark(key: string, member: string, score: number, ttlMs: number): Promise<void> {
    await this.#call('mark', [key, member, score, ttlMs]);
  }

  countSince(key: string, min: number, dropBelow?: number): Promise<number> {
    return this.#call('countSince', [key, min, dropBelow ?? null]) as Promise<number>;
  }

  async ping(): Promise<void> {
    await this.#call('ping', []);
  }

  async close(): Promise<void> {
    this.#channel.off('message', this.#listener);
    for (const waiter of this.#pending.values()) waiter.reject(new Error('the store was closed'));
    this.#pending.clear();
  }

  #call(op: Operation, args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const fail = (message: string) => {
        this.#pending.delete(id);
        reject(new StateStoreError(op, message));
      };
      const timer = setTimeout(
        () => fail(`the cluster primary did not answer within ${this.#timeoutMs} ms`),
        this.#timeoutMs,
      );
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          fail(error.message);
        },
      });
      const request: Request = { capstoneState: { id, op, args } };
      if (!this.#channel.send?.(request)) {
        clearTimeout(timer);
        fail('no IPC channel to the cluster primary');
      }
    });
  }
}

/** In the primary: answer `worker`'s state operations from `store`. */
export function serveStateOverIpc(worker: Worker, store: StateStore): void {
  worker.on('message', async (message: unknown) => {
    const request = (message as Partial<Request> | null)?.capstoneState;
    if (!request || typeof request.id !== 'number' || !OPERATIONS.has(request.op)) return;
    // `null` stands for an omitted optional argument (IPC serialises undefined away inside arrays).
    const args = request.args.map((arg) => (arg === null ? undefined : arg));
    let reply: Reply['capstoneState'];
    try {
      const run = store[request.op] as (...values: unknown[]) => Promise<unknown>;
      reply = { id: request.id, ok: true, value: await run.apply(store, args) };
    } catch (error) {
      reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (worker.isConnected()) worker.send({ capstoneState: reply } satisfies Reply);
  });
}
