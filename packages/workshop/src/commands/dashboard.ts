import path from 'node:path';
import type { CatalogLab } from '@workshop/dashboard';
import { WorkshopError } from '../errors.ts';
import type { Lab } from '../labs/repo.ts';
import type { Context } from './context.ts';

/** The labs and checkpoints the dashboard accepts: the manifests (`lab.yaml`) of this checkout. */
export function labCatalog(labs: Lab[]): CatalogLab[] {
  return labs.map((lab) => ({
    id: lab.id,
    title: lab.manifest.title,
    checkpoints: lab.manifest.checkpoints.map(({ id, title }) => ({ id, title })),
  }));
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new WorkshopError(`--${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/**
 * `workshop dashboard [--port N] [--db PATH] [--max-participants N]`: the instructor's live
 * dashboard. Prints the URL and both tokens (from `WORKSHOP_COHORT_TOKEN` /
 * `WORKSHOP_INSTRUCTOR_TOKEN`, or generated), then serves until Ctrl+C. Submissions are kept in
 * SQLite (default `.workshop/dashboard.db`); the labs' manifests say which labs and checkpoints
 * a submission may name.
 */
export async function dashboardCommand(
  context: Context,
  options: { port?: string; db?: string; maxParticipants?: string },
): Promise<number> {
  const port = wholeNumber('port', options.port ?? '4321', 0, 65_535) as number;
  const maxParticipants = wholeNumber('max-participants', options.maxParticipants, 1, 100_000);
  if (context.labs.length === 0)
    throw new WorkshopError('no labs found under labs/: the dashboard has nothing to accept');
  // Loaded here, not at the top: express and SQLite would slow every other command's start.
  const { banner, startDashboard, tokensFromEnv } = await import('@workshop/dashboard');
  const db = options.db ?? path.join(context.root, '.workshop', 'dashboard.db');
  const dashboard = await startDashboard({
    port,
    db,
    tokens: tokensFromEnv(),
    labs: labCatalog(context.labs),
    limits: maxParticipants === undefined ? {} : { maxParticipants },
  }).catch((error: unknown) => {
    throw new WorkshopError(error instanceof Error ? error.message : String(error));
  });
  process.stdout.write(`${banner(dashboard)}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.stdout.write('\nStopping the dashboard (finishing the submissions in flight)…\n');
      void dashboard.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
