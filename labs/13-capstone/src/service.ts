/**
 * The service: components + HTTP app + server lifecycle. `createService(...)` builds and indexes;
 * `listen()` serves; `close()` drains gracefully. Given code: the same file in the starter and the
 * solution.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp } from './app.ts';
import { type Components, createComponents, type ServiceOptions } from './components.ts';
import { Lifecycle } from './shutdown.ts';

/** A running (or ready to run) service. */
export interface Service {
  /** The express app (for in-process tests without a socket). */
  readonly app: express.Express;
  /** The built pieces: metrics, audit log, chain… */
  readonly components: Components;
  /** In-flight tracking and draining state. */
  readonly lifecycle: Lifecycle;
  /** Listen on `host:port` (port 0: any free port); resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stop taking work: `/readyz` turns 503 for `noticeMs` (default `drainNoticeMs`) while the
   * listener stays open, then in-flight requests finish (up to `shutdownGraceMs`) and everything
   * closes (the shared state's connections, the audit file, the trace exporter).
   */
  close(options?: { noticeMs?: number }): Promise<void>;
}

/** Build the service and index its corpus. */
export async function createService(options: ServiceOptions): Promise<Service> {
  const components = await createComponents(options);
  const lifecycle = new Lifecycle();
  const app = createApp(components, lifecycle);
  let server: Server | undefined;
  let closing: Promise<void> | undefined;

  return {
    app,
    components,
    lifecycle,
    async listen(port = 0, host = '127.0.0.1') {
      if (server) throw new Error('the service is already listening');
      const created = createServer(app);
      // A client that sends its headers slowly must not hold a socket forever.
      created.headersTimeout = 10_000;
      created.requestTimeout = 30_000;
      created.keepAliveTimeout = 5_000;
      server = created;
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, host, () => {
          created.off('error', reject);
          resolve();
        });
      });
      const address = created.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    close(options = {}) {
      closing ??= (async () => {
        const { shutdownGraceMs, drainNoticeMs } = components.config;
        try {
          if (server) await lifecycle.shutdown(server, shutdownGraceMs, options.noticeMs ?? drainNoticeMs);
        } finally {
          await components.close();
        }
      })();
      return closing;
    },
  };
}
