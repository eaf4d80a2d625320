/**
 * The DoD tests' harness: the lab's labelled splits, and the real service started in-process on a
 * loopback port, called over HTTP, its KPIs read back from `/metrics`. Provider calls go to testkit's
 * emulators (msw); the tests' own calls to the service pass through.
 */
import path from 'node:path';
import type { ServiceOptions } from '@lab/components.ts';
import { LAB_DIR, loadMarkdownDir } from '@lab/corpus.ts';
import { createService, type Service } from '@lab/service.ts';
import { type HttpHandler, http, passthrough } from 'msw';
import { afterAll } from 'vitest';

/** The small fixed corpus (`fixtures/corpus`): the briefs can change without breaking the tests. */
export const FIXTURE_DOCS = loadMarkdownDir(path.join(LAB_DIR, 'fixtures', 'corpus'));

/** A grounded answer to the circuit-breaker question (the first source is the breaker note). */
export const BREAKER_ANSWER = 'A circuit breaker opens after five consecutive failures of the same provider [1].';

const API_KEYS = { alice: 'test-key-alice-0123456789', bob: 'test-key-bob-0123456789' };
const origins = new Set<string>();

/** Lets the tests' requests to their own services through (loopback only). */
export const toServices: HttpHandler = http.all(
  ({ request }) => origins.has(new URL(request.url).origin),
  () => passthrough(),
);

/** An HTTP answer with its JSON body (the text when it is not JSON). */
export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read fields of several reply shapes
  body: any;
  text: string;
}

/** A running service and a client for it; closed after the file's tests. */
export async function startService(options: Partial<ServiceOptions> = {}) {
  const service: Service = await createService({
    documents: FIXTURE_DOCS,
    log: () => {},
    apiKeys: API_KEYS,
    ...options,
    config: { drainNoticeMs: 0, ...options.config },
  });
  const url = await service.listen(0, '127.0.0.1');
  origins.add(url);
  afterAll(async () => {
    await service.close();
    origins.delete(url);
  });
  const send = async (route: string, body: string, headers: Record<string, string>): Promise<Reply> => {
    const response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // an event stream or an empty body: keep the text
    }
    return { status: response.status, body: parsed, text };
  };
  return {
    /** POST a raw body as `user` (no user: no API key). */
    post: (route: string, body: string, user?: keyof typeof API_KEYS) =>
      send(route, body, user ? { authorization: `Bearer ${API_KEYS[user]}` } : {}),
    ask: (question: string, user: keyof typeof API_KEYS = 'alice', route = '/v1/ask') =>
      send(route, JSON.stringify({ question }), { authorization: `Bearer ${API_KEYS[user]}` }),
    /** One scrape of `/metrics`: `value(name, labels)` sums the series whose labels include `labels`. */
    async metrics() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const samples = [...text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/gm)].map((match) => ({
        name: match[1],
        labels: Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
        value: Number(match[3]),
      }));
      return {
        value: (name: string, labels: Record<string, string> = {}) =>
          samples
            .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
            .reduce((sum, s) => sum + s.value, 0),
      };
    },
  };
}
