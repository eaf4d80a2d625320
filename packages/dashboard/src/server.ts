import type { Server, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { createApp } from './app.ts';
import { generateToken, type Tokens } from './auth.ts';
import { type CatalogLab, LabCatalog } from './catalog.ts';
import { EventHub } from './events.ts';
import { GroupCommit } from './group-commit.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.ts';
import { type StoreLimits, SubmissionStore } from './store.ts';

export interface DashboardOptions {
  /** TCP port; 0 picks a free one. Default 4321. */
  port?: number;
  /** Interface to listen on. Default `0.0.0.0`: participants reach it over the room's network. */
  host?: string;
  /** SQLite file, created on first start. Default `.workshop/dashboard.db`. */
  db?: string;
  /** Tokens; each one missing is generated. */
  tokens?: Partial<Tokens>;
  /**
   * The workshop's labs and checkpoints, from the labs' `lab.yaml` (`workshop dashboard` loads
   * them): a submission naming any other lab or checkpoint gets 422.
   */
  labs: CatalogLab[];
  idleMinutes?: number;
  repeatFailures?: number;
  bodyLimitBytes?: number;
  /** Submissions per participant key; default 20 at once, then 20 a minute. */
  rateLimit?: RateLimit;
  /** Participants per room, reports and history kept, database size (`DEFAULT_LIMITS`). */
  limits?: Partial<StoreLimits>;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:<port>` — for this machine. */
  url: string;
  port: number;
  /** URLs participants can use from other laptops (one per network interface). */
  lanUrls: string[];
  tokens: Tokens;
  db: string;
  store: SubmissionStore;
  /** The room's bounds in force. */
  limits: StoreLimits & { rateLimit: RateLimit };
  /** How many instructors' pages hold an open event stream. */
  openStreams(): number;
  /** Requests being answered right now (event streams included). */
  inFlight(): number;
  /**
   * Stops accepting connections, ends the event streams, lets requests in flight finish (for at
   * most `graceMs`, default 10 s; then the stragglers are cut), waits for the pending group commit,
   * then closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

/** Tokens from the environment when set, so a restarted dashboard keeps the ones on the slide. */
export function tokensFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Tokens> {
  const tokens: Partial<Tokens> = {};
  if (env.WORKSHOP_COHORT_TOKEN) tokens.cohort = env.WORKSHOP_COHORT_TOKEN;
  if (env.WORKSHOP_INSTRUCTOR_TOKEN) tokens.instructor = env.WORKSHOP_INSTRUCTOR_TOKEN;
  return tokens;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const tokens: Tokens = {
    cohort: options.tokens?.cohort ?? generateToken(),
    instructor: options.tokens?.instructor ?? generateToken(),
  };
  if (tokens.cohort === tokens.instructor) {
    throw new Error('the cohort and instructor tokens must differ: participants would be able to read the room');
  }
  const catalog = new LabCatalog(options.labs);
  const db = options.db ?? '.workshop/dashboard.db';
  const store = new SubmissionStore(db, options.limits);
  const hub = new EventHub();
  const writer = new GroupCommit(store);
  const app = createApp({ ...options, store, writer, tokens, hub, catalog });
  const host = options.host ?? '0.0.0.0';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 4321, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  }).catch((error: NodeJS.ErrnoException) => {
    store.close();
    if (error.code === 'EADDRINUSE') throw new Error(`port ${options.port} is in use: pass --port <another port>`);
    throw error;
  });
  let inFlight = 0;
  server.on('request', (_req, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const lanUrls =
    host === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((net) => net && net.family === 'IPv4' && !net.internal)
          .map((net) => `http://${net?.address}:${port}`)
      : [];
  let closing: Promise<void> | undefined;
  const close = async (graceMs: number) => {
    // server.close() stops accepting and closes idle keep-alive connections; it calls back once
    // every connection has ended, so requests in flight (a submission waiting for its commit) finish.
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    hub.close(); // event streams never end by themselves
    // A connection whose request finishes during the wait turns idle: close it rather than wait for keep-alive.
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    await stopped;
    clearInterval(sweep);
    clearTimeout(deadline);
    await writer.drain();
    store.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    lanUrls,
    tokens,
    db,
    store,
    limits: { ...store.limits, rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT },
    openStreams: () => hub.size,
    inFlight: () => inFlight,
    close: (graceMs = 10_000) => {
      closing ??= close(graceMs);
      return closing;
    },
  };
}

/** What `workshop dashboard` prints on start: where to look, and what to put on the slide. */
export function banner(dashboard: Dashboard): string {
  const base = dashboard.lanUrls[0] ?? dashboard.url;
  return [
    `Dashboard for the instructor: ${dashboard.url}/#token=${dashboard.tokens.instructor}`,
    `  instructor token (read):  ${dashboard.tokens.instructor}`,
    `  cohort token (submit):    ${dashboard.tokens.cohort}`,
    `  database:                 ${dashboard.db} (SQLite, WAL, synchronous=FULL)`,
    `  limits:                   ${limitsLine(dashboard.limits)}`,
    '',
    'Participants submit from their lab checkout with:',
    `  WORKSHOP_DASHBOARD_URL=${base} WORKSHOP_TOKEN=${dashboard.tokens.cohort} pnpm workshop`,
    `  (or once: pnpm workshop submit --to ${base} --token ${dashboard.tokens.cohort} --name "Your Name")`,
    ...(dashboard.lanUrls.length > 1
      ? ['', `Other addresses of this machine: ${dashboard.lanUrls.slice(1).join(', ')}`]
      : []),
    '',
    'Press Ctrl+C to stop; submissions are kept in the database.',
  ].join('\n');
}

function limitsLine(limits: Dashboard['limits']): string {
  const mb = Math.round(limits.maxDatabaseBytes / 1024 / 1024);
  return `${limits.maxParticipants} participants; each ${limits.rateLimit.burst} submissions at once, then ${limits.rateLimit.perMinute}/min; database ≤ ${mb} MB`;
}
