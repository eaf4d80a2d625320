/**
 * Test harness of the capstone: start the service in-process on an ephemeral loopback port,
 * call it over real HTTP, and read its KPIs back from `/metrics`. The provider calls of the
 * service go to testkit's emulators (msw); the calls of the tests to the service pass through.
 */
import path from 'node:path';
import { type HttpHandler, http, passthrough } from 'msw';
import { afterEach, expect } from 'vitest';
import type { ServiceOptions } from '../../src/components.ts';
import { LAB_DIR, loadMarkdownDir } from '../../src/corpus.ts';
import { createService, type Service } from '../../src/service.ts';

/** The tests' fixed corpus (`fixtures/corpus`), so briefs can change without breaking the tests. */
export const FIXTURE_DOCS = loadMarkdownDir(path.join(LAB_DIR, 'fixtures', 'corpus'));

/** Questions the fixture corpus answers, and one it does not. */
export const QUESTIONS = {
  breaker: 'How many consecutive failures open the circuit breaker?',
  cache: 'Which requests are cached?',
  rollback: 'How do I roll back a prompt version?',
  shutdown: 'What happens to in-flight requests on shutdown?',
  contact: 'What is the e-mail of the platform team?',
  offTopic: 'How do I bake a chocolate cake?',
} as const;

/** The test users and their API keys: the service identifies callers by key, never by a header they choose. */
export const USERS = ['alice', 'bob', 'carol', 'mallory'] as const;
const API_KEYS = Object.fromEntries(USERS.map((user) => [user, `test-key-${user}-0123456789`]));

/** The `Authorization` header of `user`. */
export function authAs(user: string): Record<string, string> {
  const key = API_KEYS[user];
  if (!key) throw new Error(`no test user "${user}" (use one of ${USERS.join(', ')})`);
  return { authorization: `Bearer ${key}` };
}

/** A grounded answer to `QUESTIONS.breaker` for scripted providers (the first source is the breaker note). */
export const BREAKER_ANSWER = 'A circuit breaker opens after five consecutive failures of the same provider [1].';

const serviceOrigins = new Set<string>();

/** msw handler that lets the tests' requests to their own services through (loopback only). */
export const toServices: HttpHandler = http.all(
  ({ request }) => serviceOrigins.has(new URL(request.url).origin),
  () => passthrough(),
);

/** A service under test and a client for it. */
export interface Running {
  service: Service;
  url: string;
  /** POST JSON as `user` (default alice); returns status, headers and the parsed body (text when it is not JSON). */
  post(route: string, body: unknown, options?: { user?: string; headers?: Record<string, string> }): Promise<Reply>;
  /** GET; same reply shape. */
  get(route: string): Promise<Reply>;
  /** `POST /v1/ask` as `user`. */
  ask(question: string, user?: string): Promise<Reply>;
  /** `POST /v1/ask/stream` as `user`, read to the end and split into events. */
  stream(question: string, user?: string): Promise<StreamReply>;
  /** Scrape `/metrics`. */
  metrics(): Promise<Metrics>;
}

/**
 * A parsed JSON body. The tests assert its fields one by one, for several reply shapes, so it is
 * deliberately untyped here (a shape mismatch fails the assertion that reads it).
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

/** An HTTP answer. */
export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** A streamed answer. */
export interface StreamReply extends Reply {
  events: { event: string; data: Json }[];
}

/**
 * Starts services for the current test file and closes them after each test.
 * Call once at the top of the file, next to `useMockNetwork({ handlers: [toServices] })`.
 */
export function useServices(): (options?: Partial<ServiceOptions>) => Promise<Running> {
  const started: Running[] = [];
  afterEach(async () => {
    for (const running of started.splice(0)) {
      await running.service.close().catch(() => {});
      serviceOrigins.delete(running.url);
    }
  });
  return async (options = {}) => {
    // Callers are the test users (API keys); no drain notice (it is for load balancers), so close() is quick.
    const service = await createService({
      documents: FIXTURE_DOCS,
      log: () => {},
      apiKeys: API_KEYS,
      ...options,
      config: { drainNoticeMs: 0, ...options.config },
    });
    const url = await service.listen(0, '127.0.0.1');
    serviceOrigins.add(url);
    const running = client(service, url);
    started.push(running);
    return running;
  };
}

function client(service: Service, url: string): Running {
  const post = async (
    route: string,
    body: unknown,
    options: { user?: string; headers?: Record<string, string> } = {},
  ) =>
    reply(
      await fetch(`${url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authAs(options.user ?? 'alice'), ...options.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return {
    service,
    url,
    post,
    get: async (route) => reply(await fetch(`${url}${route}`)),
    ask: (question, user = 'alice') => post('/v1/ask', { question }, { user }),
    async stream(question, user = 'alice') {
      const answer = await post('/v1/ask/stream', { question }, { user });
      return { ...answer, events: parseEvents(answer.text) };
    },
    async metrics() {
      const scraped = await reply(await fetch(`${url}/metrics`));
      if (scraped.status !== 200) {
        throw new Error(`GET /metrics answered ${scraped.status}: ${scraped.text.slice(0, 300)}`);
      }
      return parseMetrics(scraped.text);
    },
  };
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text (an HTML error page, the metrics text, an event stream)
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Splits an event stream into `{ event, data }` (data parsed as JSON). */
export function parseEvents(text: string): { event: string; data: Json }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      return { event, data: data === undefined ? undefined : JSON.parse(data) };
    });
}

/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The scraped metrics, with a lookup that explains what is missing. */
export interface Metrics {
  samples: Sample[];
  /**
   * Sum of the samples named `name` whose labels include `labels` (0 when none matches). Throws
   * when no metric of that name is declared at all (a typo, an unregistered metric), naming similar ones.
   */
  value(name: string, labels?: Record<string, string>): number;
}

/** Parses the Prometheus text exposition format (what prom-client's `registry.metrics()` renders). */
export function parseMetrics(text: string): Metrics {
  const samples: Sample[] = [];
  const declared = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+)/.exec(line);
    if (type) declared.add(type[1] as string);
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, '$1');
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return {
    samples,
    value(name, labels = {}) {
      if (!declared.has(name) && !declared.has(name.replace(/_(bucket|sum|count)$/, ''))) {
        const prefix = name.split('_').slice(0, 2).join('_');
        const similar = [...declared].filter((n) => n.startsWith(prefix));
        throw new Error(`metric ${name} is not exported (similar: ${similar.slice(0, 8).join(', ') || 'none'})`);
      }
      return samples
        .filter((s) => s.name === name)
        .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    },
  };
}

/**
 * `expect` on one metric's value, with the metric and its labels in the failure message, e.g.
 * `expectMetric(metrics, 'capstone_shed_total').toBe(1)`.
 */
export function expectMetric(metrics: Metrics, name: string, labels: Record<string, string> = {}, why?: string) {
  const series = `${name}${Object.keys(labels).length ? JSON.stringify(labels) : ''}`;
  return expect(metrics.value(name, labels), why ? `${series}: ${why}` : series);
}

/** Polls `condition` until it holds; fails with `message` after `timeoutMs` (a bound, not a timing assertion). */
export async function waitFor(condition: () => boolean | Promise<boolean>, message: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A settable wall clock for budgets, adoption and audit times. */
export function fakeClock(start = Date.UTC(2025, 0, 6, 10, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
