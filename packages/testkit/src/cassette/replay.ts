/**
 * Replay: msw handlers that answer each request with the recorded response of the first unused
 * matching interaction. A request the cassette does not hold fails as a network error (as an
 * unreachable host would) and is remembered with the closest recorded interaction, so the test
 * can fail with an explanation even when the code under test swallowed the error.
 */
import { HttpResponse, http } from 'msw';
import { recordBody } from './body.ts';
import { matches, mismatchMessage, type RequestKey } from './match.ts';
import type { Cassette, CassetteMismatch, Interaction, RecordedResponseBody } from './types.ts';

/** Options of `replayCassette`. */
export interface ReplayOptions {
  /** Name used in messages (e.g. the file path). Default `cassette`. */
  name?: string;
  /** Let an interaction answer more than once (when the code retries or repeats a call). Default false. */
  allowRepeats?: boolean;
  /** Reproduce the recorded gaps between stream chunks. Default false: replay as fast as possible. */
  realTime?: boolean;
}

/** The handlers and what they saw. */
export interface Replay {
  /** msw handlers; the last one rejects every request the cassette does not hold. */
  handlers: ReturnType<typeof http.all>[];
  /** Requests the cassette did not hold, in order. */
  readonly mismatches: readonly CassetteMismatch[];
  /** Returns the mismatches so far and forgets them (a test that expects one takes it). */
  takeMismatches(): CassetteMismatch[];
  /** Recorded interactions no request has used yet. */
  unused(): Interaction[];
}

/** Builds the replay handlers of a cassette. */
export function replayCassette(cassette: Cassette, options: ReplayOptions = {}): Replay {
  const name = options.name ?? 'cassette';
  const used = cassette.interactions.map(() => false);
  const mismatches: CassetteMismatch[] = [];

  const handler = http.all('*', async ({ request }) => {
    const key: RequestKey = { method: request.method, url: request.url, body: await recordBody(request) };
    let index = cassette.interactions.findIndex((interaction, i) => !used[i] && matches(interaction, key));
    if (index < 0 && options.allowRepeats) index = cassette.interactions.findIndex((i) => matches(i, key));
    const interaction = cassette.interactions[index];
    if (!interaction) {
      const message = mismatchMessage(name, cassette.interactions, key);
      mismatches.push({ request: `${request.method} ${request.url}`, message });
      process.stderr.write(`${message}\n`);
      return HttpResponse.error();
    }
    used[index] = true;
    const { status, statusText, headers } = interaction.response;
    return new Response(responseBody(interaction.response.body, options.realTime ?? false, request.signal), {
      status,
      statusText,
      headers,
    });
  });

  return {
    handlers: [handler],
    mismatches,
    takeMismatches: () => mismatches.splice(0),
    unused: () => cassette.interactions.filter((_, i) => !used[i]),
  };
}

/** The recorded body as a fresh body (a stream replays its chunks in order). */
function responseBody(body: RecordedResponseBody, realTime: boolean, signal: AbortSignal): BodyInit | null {
  switch (body.kind) {
    case 'text':
      return body.text === '' ? null : body.text;
    case 'base64':
      return Buffer.from(body.data, 'base64');
    case 'stream': {
      const encoder = new TextEncoder();
      let next = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const chunk = body.chunks[next];
          if (chunk === undefined) {
            controller.close();
            return;
          }
          const gap = realTime ? (body.gapsMs[next] ?? 0) : 0;
          if (gap > 0 && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, gap));
          next += 1;
          controller.enqueue(encoder.encode(chunk));
        },
      });
    }
  }
}
