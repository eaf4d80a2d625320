import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { createApp } from './app.ts';
import { generateToken, type Tokens } from './auth.ts';
import { EventHub } from './events.ts';
import { SubmissionStore } from './store.ts';

export interface DashboardOptions {
  /** TCP port; 0 picks a free one. Default 4321. */
  port?: number;
  /** Interface to listen on. Default `0.0.0.0`: participants reach it over the room's network. */
  host?: string;
  /** SQLite file, created on first start. Default `.workshop/dashboard.db`. */
  db?: string;
  /** Tokens; each one missing is generated. */
  tokens?: Partial<Tokens>;
  idleMinutes?: number;
  repeatFailures?: number;
  bodyLimitBytes?: number;
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
  /** How many instructors' pages hold an open event stream. */
  openStreams(): number;
  /** Stops accepting, closes open event streams, then closes the database. */
  close(): Promise<void>;
}

/** Tokens from the environment when set, so a restarted dashboard keeps the ones on the slide. */
export function tokensFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Tokens> {
  const tokens: Partial<Tokens> = {};
  if (env.WORKSHOP_COHORT_TOKEN) tokens.cohort = env.WORKSHOP_COHORT_TOKEN;
  if (env.WORKSHOP_INSTRUCTOR_TOKEN) tokens.instructor = env.WORKSHOP_INSTRUCTOR_TOKEN;
  return tokens;
}

export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const tokens: Tokens = {
    cohort: options.tokens?.cohort ?? generateToken(),
    instructor: options.tokens?.instructor ?? generateToken(),
  };
  if (tokens.cohort === tokens.instructor) {
    throw new Error('the cohort and instructor tokens must differ: participants would be able to read the room');
  }
  const db = options.db ?? '.workshop/dashboard.db';
  const store = new SubmissionStore(db);
  const hub = new EventHub();
  const app = createApp({ ...options, store, tokens, hub });
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
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const lanUrls =
    host === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((net) => net && net.family === 'IPv4' && !net.internal)
          .map((net) => `http://${net?.address}:${port}`)
      : [];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    lanUrls,
    tokens,
    db,
    store,
    openStreams: () => hub.size,
    close: async () => {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
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
