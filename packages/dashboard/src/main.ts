#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readCatalogFile } from './catalog.ts';
import { banner, startDashboard, tokensFromEnv } from './server.ts';

const USAGE =
  'usage: node src/main.ts --labs <file> [--port N] [--db PATH] [--host H] [--max-participants N] [--json]\n' +
  "  --labs  the workshop's labs: `pnpm workshop list --json > labs.json` (or start it with `pnpm workshop dashboard`)";

function whole(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * `node src/main.ts --labs labs.json [--port N] [--db PATH] [--host H] [--json]`: the dashboard on
 * its own, for the load bench (which kills and restarts it) and for instructors without the CLI.
 * `--json` prints one line `{ url, port, tokens }` instead of the banner, for scripts. SIGTERM and
 * SIGINT let requests in flight finish before the database closes.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      labs: { type: 'string' },
      port: { type: 'string', default: '4321' },
      db: { type: 'string' },
      host: { type: 'string' },
      'max-participants': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.labs) throw new Error(`--labs <file> is required\n${USAGE}`);
  const port = whole('port', values.port, 0, 65_535) as number;
  const maxParticipants = whole('max-participants', values['max-participants'], 1, 100_000);
  const dashboard = await startDashboard({
    port,
    db: values.db,
    host: values.host,
    tokens: tokensFromEnv(),
    labs: readCatalogFile(values.labs),
    limits: maxParticipants === undefined ? {} : { maxParticipants },
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ url: dashboard.url, port: dashboard.port, tokens: dashboard.tokens })}\n`
      : `${banner(dashboard)}\n`,
  );
  const stop = () => void dashboard.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
