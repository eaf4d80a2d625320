/**
 * Graceful shutdown: stop taking work, let what is in flight finish, then close. A deploy or a
 * scale-down then costs no user an error: the load balancer sees `/readyz` turn 503 and stops
 * sending, the requests already here get their answers, and only a request that outlives the
 * grace period is cut.
 */
import type { Server } from 'node:http';
import type { Response } from 'express';

/** Tracks in-flight HTTP requests and whether the service is draining. */
export class Lifecycle {
  #draining = false;
  #inFlight = 0;
  readonly #idle: (() => void)[] = [];

  /** True once shutdown began: readiness fails and new questions get 503. */
  get draining(): boolean {
    return this.#draining;
  }

  /** HTTP requests being served now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Count `res` as in flight until it finishes or its connection closes. */
  track(res: Response): void {
    this.#inFlight += 1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    };
    res.once('finish', finish);
    res.once('close', finish);
    // While draining, tell keep-alive clients not to reuse this connection.
    if (this.#draining) res.setHeader('connection', 'close');
  }

  /**
   * Drain and close `server`: report not ready (and refuse new questions) for `noticeMs` while the
   * listener stays open, so a load balancer's probe sees the 503 instead of a refused connection;
   * then stop accepting connections, wait up to `graceMs` for in-flight requests, and cut whatever
   * is left. Resolves when the server is closed.
   */
  async shutdown(server: Server, graceMs: number, noticeMs = 0): Promise<{ cut: number }> {
    this.#draining = true;
    if (noticeMs > 0) await new Promise((resolve) => setTimeout(resolve, noticeMs));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      this.#whenIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    const cut = inTime ? 0 : this.#inFlight;
    // Responses are complete now (or out of time): idle keep-alive sockets would hold close() open.
    if (inTime) server.closeIdleConnections();
    else server.closeAllConnections();
    await closed;
    return { cut };
  }

  #whenIdle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
