/**
 * Server-sent events on an express response: `event:` + `data:` frames, flushed as written.
 * Given code: the same file in the starter and the solution.
 */
import type { Response } from 'express';

/** An open event stream. */
export interface EventStream {
  /** Send one event; `data` is serialised as JSON on one line. Ignored once the client is gone. */
  send(event: string, data: unknown): void;
  /** End the stream. */
  end(): void;
}

/** Switch `res` to an event stream (status 200, `text/event-stream`, no buffering by proxies). */
export function openEventStream(res: Response): EventStream {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache, no-transform');
  res.setHeader('x-accel-buffering', 'no'); // nginx would otherwise hold the tokens back
  res.flushHeaders();
  return {
    send(event, data) {
      if (res.writableEnded || res.destroyed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}
