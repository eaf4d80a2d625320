/**
 * Recording: an msw server that lets every request through to the real network (`bypass`) and
 * keeps a copy of the request and of the response — streamed responses chunk by chunk, with
 * their timing — with credentials stripped.
 */
import { bypass, http } from 'msw';
import { setupServer } from 'msw/node';
import { isStreaming, isTextual, recordBody } from './body.ts';
import { keptResponseHeaders, redactRequestHeaders, redactUrl } from './redact.ts';
import type { Cassette, Interaction } from './types.ts';

/** Options of `createRecorder`. */
export interface RecorderOptions {
  /** Record only requests for which this returns true (others pass through unrecorded). Default: all. */
  filter?: (request: Request) => boolean;
  /** More request headers to strip, besides `SECRET_HEADERS`. */
  secretHeaders?: string[];
  /** How requests reach the provider. Default: the real network (`fetch(bypass(request))`). */
  forward?: (request: Request) => Promise<Response>;
}

/** A running recording. */
export interface Recorder {
  /** Interactions so far (streams may still be filling in until `stop()`). */
  readonly interactions: readonly Interaction[];
  /** Start intercepting. */
  start(): void;
  /** Stop intercepting, wait for streams still being read, and return the cassette. */
  stop(): Promise<Cassette>;
}

/** Creates a recorder; call `start()` before the session and `stop()` after it. */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  const interactions: Interaction[] = [];
  const pending = new Set<Promise<void>>();
  const forward = options.forward ?? ((request: Request) => fetch(bypass(request)));

  const handler = http.all('*', async ({ request }) => {
    if (options.filter && !options.filter(request)) return fetch(bypass(request));
    const started = performance.now();
    const body = await recordBody(request);
    const response = await forward(request);
    const interaction: Interaction = {
      request: {
        method: request.method,
        url: redactUrl(request.url),
        headers: redactRequestHeaders(request.headers, options.secretHeaders),
        ...(body ? { body } : {}),
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: keptResponseHeaders(response.headers),
        body: { kind: 'text', text: '' },
      },
      durationMs: 0,
    };
    interactions.push(interaction); // in the order the requests were sent
    const init = {
      status: response.status,
      statusText: response.statusText,
      headers: keptResponseHeaders(response.headers),
    };

    if (response.body && isStreaming(response.headers)) {
      // Tee: the client reads one branch live, the recorder the other, chunk by chunk.
      const [live, copy] = response.body.tee();
      const chunks: string[] = [];
      const gapsMs: number[] = [];
      interaction.response.body = { kind: 'stream', chunks, gapsMs };
      const reading = (async () => {
        const decoder = new TextDecoder();
        let last = started;
        for await (const piece of copy) {
          const now = performance.now();
          chunks.push(decoder.decode(piece, { stream: true }));
          gapsMs.push(Math.round(now - last));
          last = now;
        }
        interaction.durationMs = Math.round(performance.now() - started);
      })().catch(() => {
        // A stream cut mid-way is recorded as far as it got; the client sees the cut itself.
        interaction.durationMs = Math.round(performance.now() - started);
      });
      pending.add(reading);
      void reading.finally(() => pending.delete(reading));
      return new Response(live, init);
    }

    const bytes = new Uint8Array(await response.arrayBuffer());
    interaction.response.body = isTextual(response.headers)
      ? { kind: 'text', text: new TextDecoder().decode(bytes) }
      : { kind: 'base64', data: Buffer.from(bytes).toString('base64') };
    interaction.durationMs = Math.round(performance.now() - started);
    return new Response(bytes.length > 0 ? bytes : null, init);
  });

  const server = setupServer(handler);
  let running = false;
  return {
    interactions,
    start() {
      if (running) throw new Error('createRecorder: already recording');
      server.listen({ onUnhandledFrame: 'bypass' });
      running = true;
    },
    async stop() {
      await Promise.all([...pending]);
      if (running) server.close();
      running = false;
      return { version: 1, recordedAt: new Date().toISOString(), interactions: [...interactions] };
    },
  };
}
