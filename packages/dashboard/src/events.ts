import type { Response } from 'express';

/** What the page hears when a submission is stored. */
export interface SubmissionEvent {
  name: string;
  passed: number;
  total: number;
  /** When the submission was made (ms since epoch). */
  at: number;
}

/**
 * Server-sent events to the instructors' open pages. Each event is small; the page refetches the
 * summary (debounced) rather than patching its state, so a missed event can never leave it wrong.
 */
export class EventHub {
  readonly #clients = new Set<Response>();
  readonly #heartbeat: NodeJS.Timeout;
  /** More open pages than this is a leak or an attack, not a workshop room. */
  readonly maxClients: number;

  constructor(options: { maxClients?: number; heartbeatMs?: number } = {}) {
    this.maxClients = options.maxClients ?? 100;
    // A comment line every 15 s keeps proxies and laptops' Wi-Fi from closing an idle stream.
    this.#heartbeat = setInterval(() => this.#write(': ping\n\n'), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Turns a response into an event stream. Returns false when the hub is full. */
  add(res: Response): boolean {
    if (this.#clients.size >= this.maxClients) return false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
    return true;
  }

  publish(event: SubmissionEvent): void {
    this.#write(`event: submission\ndata: ${JSON.stringify(event)}\n\n`);
  }

  #write(chunk: string): void {
    for (const client of this.#clients) client.write(chunk);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
