import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolOptions, PoolWorker, WorkerRequest } from 'vitest/node';

const ENTRY = path.join(import.meta.dirname, 'warm-worker-entry.ts');

/**
 * A vitest pool for watch mode whose next worker thread is always started ahead of time.
 * Vitest ends its worker when a run's queue is empty, so every re-check after a save would pay
 * for a new thread and for loading openai, msw and zod again. Here, as soon as one worker stops,
 * the next one is started and loads the shared packages (`preload`, file URLs) in the background,
 * and the next run takes it ready (measured on lab 01: the first test file's import phase went from
 * ~200 ms to ~25 ms, and the worker start from ~70 ms to ~10 ms). The spare holds the packages as
 * they were when it started: an edit to `packages/` shows from the run after next.
 */
export class WarmThreadsPool {
  readonly name = 'warm-threads';
  private spares: { worker: Worker; key: string }[] = [];
  private closed = false;
  private readonly preload: string[];
  private readonly capacity: number;

  /** `capacity`: how many spares to keep, one per worker vitest may run at once. */
  constructor(preload: string[], capacity = 1) {
    this.preload = preload;
    this.capacity = capacity;
  }

  createPoolWorker = (options: PoolOptions): PoolWorker => new WarmThreadWorker(this, options);

  /** A started thread for `options`: the spare when it was started for the same env, else a new one. */
  take(options: PoolOptions): Worker {
    const key = keyOf(options);
    const index = this.spares.findIndex((spare) => spare.key === key);
    const spare = index === -1 ? undefined : this.spares.splice(index, 1)[0];
    if (spare) {
      spare.worker.ref();
      return spare.worker;
    }
    return this.spawn(options);
  }

  /** Starts the spare for the next run (unref'd: an idle spare never keeps the process alive). */
  prepare(options: PoolOptions): void {
    if (this.closed) return;
    const key = keyOf(options);
    // Spares for another env are of no use any more.
    for (const stale of this.spares.filter((spare) => spare.key !== key)) void stale.worker.terminate();
    this.spares = this.spares.filter((spare) => spare.key === key);
    if (this.spares.length >= this.capacity) return;
    const worker = this.spawn(options);
    worker.unref();
    const drop = () => {
      this.spares = this.spares.filter((spare) => spare.worker !== worker);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    this.spares.push({ worker, key });
  }

  /** Ends the spares; call when the vitest session closes. */
  async close(): Promise<void> {
    this.closed = true;
    const spares = this.spares.splice(0);
    await Promise.all(spares.map((spare) => spare.worker.terminate()));
  }

  private spawn(options: PoolOptions): Worker {
    return new Worker(ENTRY, {
      env: options.env,
      // Lets the worker resolve a lab's own `preload` modules from the lab's folder (ESM conditions).
      execArgv: [...options.execArgv, '--experimental-import-meta-resolve'],
      stdout: true,
      stderr: true,
      workerData: { preload: this.preload, entry: path.resolve(options.distPath, 'workers/threads.js') },
    });
  }
}

/** What a thread is started with: a spare serves only a task that asks for the same. */
const keyOf = (options: PoolOptions): string => JSON.stringify([options.env, options.execArgv]);

/** One test worker of the warm pool: vitest's threads worker, on a thread taken from the pool. */
class WarmThreadWorker implements PoolWorker {
  readonly name = 'warm-threads';
  private thread: Worker | undefined;
  private readonly pool: WarmThreadsPool;
  private readonly options: PoolOptions;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;

  constructor(pool: WarmThreadsPool, options: PoolOptions) {
    this.pool = pool;
    this.options = options;
    this.stdout = options.project.vitest.logger.outputStream;
    this.stderr = options.project.vitest.logger.errorStream;
  }

  private get started(): Worker {
    if (!this.thread) throw new Error('workshop: the test worker thread is not running');
    return this.thread;
  }

  // The signatures of vitest's `PoolWorker`, whose events carry any message.
  on(event: string, callback: Parameters<PoolWorker['on']>[1]): void {
    this.started.on(event, callback);
  }

  off(event: string, callback: Parameters<PoolWorker['off']>[1]): void {
    this.started.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.started.postMessage(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  async start(): Promise<void> {
    this.thread ??= this.pool.take(this.options);
    this.thread.stdout.pipe(this.stdout, { end: false });
    this.thread.stderr.pipe(this.stderr, { end: false });
  }

  async stop(): Promise<void> {
    const thread = this.started;
    this.thread = undefined;
    // Start the next run's thread first: it loads while this one shuts down.
    this.pool.prepare(this.options);
    await thread.terminate();
    thread.stdout.unpipe(this.stdout);
    thread.stderr.unpipe(this.stderr);
  }
}
