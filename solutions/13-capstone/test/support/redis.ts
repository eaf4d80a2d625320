/**
 * A real Redis for the tests: Debian's `redis-server` on loopback, on a free port, without
 * persistence, stopped after the file. `.ci/run` installs it when it is missing; where it truly
 * cannot be found, the Redis suites skip with a notice (never silently).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from '@redis/client';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/** The redis-server binary, or undefined (with a notice on stderr, once per file). */
export function findRedisServer(file: string): string | undefined {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found)
    process.stderr.write(`${file}: Redis suites skipped — redis-server not found (apt-get install -y redis-server)\n`);
  return found;
}

/** A free loopback port (bound and released; good enough for a test server started right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A running Redis. */
export interface RedisServer {
  url: string;
  /** Stop the server (and wait for it to exit). */
  stop(): Promise<void>;
}

/** Start `redis-server` on a free loopback port and wait until it answers PING. */
export async function startRedis(binary: string): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      await client.close();
      break;
    } catch {
      client.destroy();
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
