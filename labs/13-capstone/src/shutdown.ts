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
      // TODO(DoD-12): when the count reaches 0, wake whoever waits in shutdown() for the service to be idle.
    };
    res.once('finish', finish);
    res.once('close', finish);
    // While draining, tell keep-alive clients not to reuse this connection.
    if (this.#draining) res.setHeader('connection', 'close');
  }

  /**
   * Drain and close `server`: report not ready for `noticeMs` while still listening (so a load
   * balancer sees the 503), stop accepting connections, wait up to `graceMs` for in-flight
   * requests, then cut whatever is left. Resolves when the server is closed.
   */
  async shutdown(server: Server, graceMs: number, noticeMs = 0): Promise<{ cut: number }> {
    // TODO(DoD-12): graceful shutdown, in this order:
    //  1. `this.#draining = true` (readiness turns 503, new questions get DrainingError), then wait
    //     `noticeMs` with the listener still open;
    //  2. `server.close(callback)` stops accepting connections — keep a promise of its callback;
    //     `server.closeIdleConnections()` drops keep-alive sockets that carry no request;
    //  3. wait until `this.#inFlight === 0`, or `graceMs`, whichever comes first;
    //  4. `server.closeIdleConnections()` (in time) or `server.closeAllConnections()` (out of time:
    //     report how many were cut), then await the close callback.
    void server;
    void graceMs;
    void noticeMs;
    throw new Error('TODO: Lifecycle.shutdown — drain: stop accepting, finish in-flight requests, then close');
  }
}
