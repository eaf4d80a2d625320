import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tokens } from '../src/auth.ts';
import type { CatalogLab } from '../src/catalog.ts';

/** The dashboard as its own process (`src/main.ts`), as in the room: the bench kills it, the tests SIGTERM it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
}

/** Starts `node src/main.ts --labs <dir>/labs.json --db <db> --json` on a free loopback port. */
export async function startServerProcess(options: {
  db: string;
  labs: CatalogLab[];
  tokens: Tokens;
}): Promise<ServerProcess> {
  // The shape `pnpm workshop list --json` prints.
  const labsFile = path.join(path.dirname(options.db), 'labs.json');
  writeFileSync(labsFile, JSON.stringify({ version: 1, labs: options.labs }));
  const main = path.join(import.meta.dirname, '..', 'src', 'main.ts');
  const child = spawn(
    process.execPath,
    [main, '--labs', labsFile, '--port', '0', '--host', '127.0.0.1', '--db', options.db, '--json'],
    {
      env: {
        ...process.env,
        WORKSHOP_COHORT_TOKEN: options.tokens.cohort,
        WORKSHOP_INSTRUCTOR_TOKEN: options.tokens.instructor,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0] as string);
    });
    child.once('exit', (code) => reject(new Error(`dashboard exited with ${code} before it listened`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child, exited };
}
