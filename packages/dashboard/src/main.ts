#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { banner, startDashboard, tokensFromEnv } from './server.ts';

/**
 * `node src/main.ts [--port N] [--db PATH] [--host H] [--json]`: the dashboard on its own, for the
 * load bench (which kills and restarts it) and for instructors without the CLI. `--json` prints one
 * line `{ url, port, tokens }` instead of the banner, for scripts.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4321' },
      db: { type: 'string' },
      host: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be 0–65535, got "${values.port}"`);
  const dashboard = await startDashboard({ port, db: values.db, host: values.host, tokens: tokensFromEnv() });
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
