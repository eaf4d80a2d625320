import path from 'node:path';
import { WorkshopError } from '../errors.ts';
import type { Context } from './context.ts';

/**
 * `workshop dashboard [--port N] [--db PATH]`: the instructor's live dashboard. Prints the URL and
 * both tokens (from `WORKSHOP_COHORT_TOKEN` / `WORKSHOP_INSTRUCTOR_TOKEN`, or generated), then
 * serves until Ctrl+C. Submissions are kept in SQLite (default `.workshop/dashboard.db`).
 */
export async function dashboardCommand(context: Context, options: { port?: string; db?: string }): Promise<number> {
  const port = Number(options.port ?? '4321');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new WorkshopError(`--port must be a whole number from 0 to 65535, got "${options.port}"`);
  }
  // Loaded here, not at the top: express and SQLite would slow every other command's start.
  const { banner, startDashboard, tokensFromEnv } = await import('@workshop/dashboard');
  const db = options.db ?? path.join(context.root, '.workshop', 'dashboard.db');
  const dashboard = await startDashboard({ port, db, tokens: tokensFromEnv() }).catch((error: unknown) => {
    throw new WorkshopError(error instanceof Error ? error.message : String(error));
  });
  process.stdout.write(`${banner(dashboard)}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.stdout.write('\nStopping the dashboard…\n');
      void dashboard.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
