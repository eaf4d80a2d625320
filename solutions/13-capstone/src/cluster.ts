/**
 * `CAPSTONE_WORKERS=N`: N service processes on one port (`node:cluster`), because the pipeline is
 * CPU-bound per request and one Node thread is one core. The primary only supervises:
 *
 * - it forks the workers and restarts one that dies (giving up on a crash loop at startup);
 * - without `REDIS_URL` it keeps the shared state in its memory and serves it to the workers over
 *   IPC, so budgets, breakers and ratings are shared by the workers exactly as Redis shares them
 *   between machines (with `REDIS_URL`, the workers use Redis directly);
 * - it gives every worker the same session secret, so a cookie issued by one is valid on all;
 * - it answers `/metrics` for the cluster: a worker that receives the scrape asks the primary,
 *   which sums the workers' counters (prom-client's AggregatorRegistry) and recomputes the ratios;
 * - SIGTERM / SIGINT drain every worker (each finishes its in-flight requests), then exit.
 *
 * Given code: the same file in the starter and the solution.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { withRatios } from './metrics.ts';
import { serveStateOverIpc } from './state/ipc.ts';
import { MemoryStateStore } from './state/memory.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** `CAPSTONE_WORKERS`: 1 (no cluster) when unset. Errors name the variable. */
export function workersFrom(env: Env): number {
  const raw = env.CAPSTONE_WORKERS?.trim();
  if (!raw) return 1;
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new Error(`CAPSTONE_WORKERS="${raw}" is invalid: use a whole number from 1 to 64`);
  }
  return workers;
}

/** The index (1…N) of this cluster worker, or undefined outside a cluster. */
export function workerIndex(env: Env = process.env): number | undefined {
  return cluster.isWorker && env.CAPSTONE_WORKER_INDEX ? Number(env.CAPSTONE_WORKER_INDEX) : undefined;
}

/** Options of `superviseCluster`. */
export interface SuperviseOptions {
  workers: number;
  env: Env;
  /** Where the primary reports (a line each). */
  log: (line: string) => void;
}

/** A worker dying this soon after its start counts towards a crash loop. */
const EARLY_EXIT_MS = 5_000;
const MAX_EARLY_EXITS = 3;

/** Run the primary: fork, supervise, serve state and metrics, drain on a signal. */
export function superviseCluster(options: SuperviseOptions): void {
  const { env, log } = options;
  const sessionSecret = env.CAPSTONE_SESSION_SECRET?.trim() || randomBytes(32).toString('base64url');
  const store = env.REDIS_URL?.trim() ? undefined : new MemoryStateStore();
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  let earlyExits = 0;

  const fork = (index: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({
      CAPSTONE_WORKER_INDEX: String(index),
      CAPSTONE_SESSION_SECRET: sessionSecret,
      CAPSTONE_STATE: store ? 'ipc' : 'redis',
    });
    if (store) serveStateOverIpc(worker, store);
    worker.on('message', (message: { capstoneMetrics?: number } | null) => {
      if (typeof message?.capstoneMetrics !== 'number') return;
      aggregator.clusterMetrics().then(
        (text) => reply(worker, { capstoneMetricsReply: message.capstoneMetrics, text: withRatios(text) }),
        (error: unknown) =>
          reply(worker, { capstoneMetricsReply: message.capstoneMetrics, error: String((error as Error)?.message) }),
      );
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      earlyExits = Date.now() - startedAt < EARLY_EXIT_MS ? earlyExits + 1 : 0;
      if (earlyExits >= MAX_EARLY_EXITS) {
        log(`cluster: worker ${index} keeps dying at startup (code ${code ?? signal}); stopping`);
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        process.exitCode = 1;
        return;
      }
      log(`cluster: worker ${index} exited (${code ?? signal}); starting a new one`);
      fork(index);
    });
  };
  for (let index = 1; index <= options.workers; index++) fork(index);
  log(`cluster: ${options.workers} workers, state ${store ? 'in the primary (IPC)' : 'in Redis'}`);
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === options.workers) log(`cluster: all ${options.workers} workers listening`);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: do not wait
    stopping = true;
    log(`${signal}: draining ${options.workers} workers…`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(process.exitCode ?? 0);
      });
      worker.process.kill(signal);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function reply(worker: Worker, message: Parameters<Worker['send']>[0]): void {
  if (worker.isConnected()) worker.send(message);
}

/** In a worker: let the primary collect this registry's metrics. */
export function shareMetricsWithPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // installs the worker's listener for the primary's requests
}

let nextMetricsRequest = 1;

/** In a worker: the whole cluster's metrics, from the primary. */
export function clusterMetrics(timeoutMs = 5_000): Promise<string> {
  const id = nextMetricsRequest++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { capstoneMetricsReply?: number; text?: string; error?: string } | null) => {
      if (message?.capstoneMetricsReply !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(`cluster metrics: ${message.error ?? 'no answer'}`));
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error(`cluster metrics: the primary did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    process.on('message', onMessage);
    process.send?.({ capstoneMetrics: id });
  });
}
