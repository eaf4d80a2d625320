/**
 * The HTTP surface: routes, body limits, request ids, request metrics and the one error handler.
 * Clients get JSON errors with a stable code and the request id, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AskResult } from './ask.ts';
import type { Components } from './components.ts';
import { DrainingError, type ErrorBody, HttpError } from './errors.ts';
import { FeedbackSchema } from './feedback.ts';
import { checkReadiness } from './health.ts';
import type { Identity } from './identity.ts';
import type { Lifecycle } from './shutdown.ts';
import { openEventStream } from './sse.ts';

/** The web page: `index.html`, `app.js`, `style.css`. */
export const PUBLIC_DIR = path.resolve(import.meta.dirname, '..', 'public');

/** Per-request state kept on `res.locals`. */
interface Locals {
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** Who asks (set on `/v1/*`): an API key's owner or a signed session, never a header the client chooses. */
  identity?: Identity;
}

const locals = (res: Response) => res.locals as Locals;

/** Build the express app on the service's components. */
export function createApp(components: Components, lifecycle: Lifecycle): express.Express {
  const { config, metrics, pipeline, admission, users, feedback, audit, auth } = components;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Request id, in-flight tracking and the request metrics, before anything can fail. The request id
  // is always the server's: it is also the answer's id, so no client may choose it.
  app.use((req, res, next) => {
    const requestId = randomUUID();
    const startedAt = performance.now();
    res.locals.requestId = requestId;
    res.locals.startedAt = startedAt;
    res.setHeader('x-request-id', requestId);
    lifecycle.track(res);
    res.once('finish', () => {
      // TODO(DoD-8): record the request in `metrics.httpRequests` (inc) and `metrics.httpDuration`
      // (observe seconds since `startedAt`) with labels method, route, status. The route label is the
      // route PATTERN (`req.route?.path`), 'unmatched' for 404s without a route, 'static' for files —
      // never the raw URL, or every distinct path becomes a new time series.
      void [req, startedAt];
    });
    next();
  });

  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '5m' }));
  app.use(express.json({ limit: config.maxBodyBytes }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(components, lifecycle);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  // Identity (given): every /v1 call is someone's — an API key's owner (401 without one when keys are
  // configured) or a signed session cookie.
  app.use('/v1', (req, res, next) => {
    locals(res).identity = auth.identify(req, res);
    next();
  });

  const AskBody = z.strictObject({ question: z.string().trim().min(1).max(config.maxQuestionChars) });

  /** Validation, identity, draining and admission shared by both ask routes. */
  const admit = async (req: Request, res: Response) => {
    const { question } = parseBody(AskBody, req.body);
    const userId = userIdOf(res);
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
    });
    // TODO(DoD-12): while `lifecycle.draining`, refuse new questions: `throw new DrainingError()`.
    // TODO(DoD-10): take a slot: `const release = await admission.acquire(controller.signal)` (it sheds with 429).
    // TODO(DoD-9): record the user: `users.seen(userId)` (after admission: shed requests are not usage).
    void DrainingError;
    void admission;
    void users;
    const release = () => {};
    return { question, userId, signal: controller.signal, release };
  };

  app.post('/v1/ask', async (req, res) => {
    const { requestId, startedAt } = locals(res);
    const { question, userId, signal, release } = await admit(req, res);
    let result: AskResult;
    try {
      result = await pipeline.ask({ question, userId, requestId, mode: 'json', signal });
    } finally {
      release();
    }
    const totalMs = performance.now() - startedAt;
    // TODO(DoD-8): observe `totalMs / 1000` in `metrics.timeToFirstToken` with mode 'json' (a JSON
    // answer's first token reaches the user with the whole answer).
    // TODO(DoD-9): `await feedback.remember(requestId, userId)` so the answer (and only its asker) can be rated.
    void feedback;
    res.setHeader('server-timing', `model;dur=${result.modelMs.toFixed(3)}, total;dur=${totalMs.toFixed(3)}`);
    res.json(result);
  });

  app.post('/v1/ask/stream', async (req, res) => {
    // TODO(DoD-7): the same as /v1/ask, as server-sent events:
    //  1. `admit(req, res)` as above (refusals before any text stay JSON errors with their status);
    //  2. call `pipeline.ask({ ..., mode: 'stream', onText })`; open the stream lazily with
    //     `openEventStream(res)` on the first text, and send each text as a `delta` event `{ text }`;
    //  3. on the first text, record time-to-first-token: ms since `startedAt`, observed in seconds in
    //     `metrics.timeToFirstToken` with mode 'stream' (an answer without a model arrives whole: then
    //     the first text is the final answer);
    //  4. send `done` with `{ ...result, ttftMs }`, `await feedback.remember(...)`, end the stream;
    //  5. an error after the stream opened becomes an `error` event with `errorBody(...)` (count it in
    //     `metrics.errors`); before that, rethrow it; always `release()` the slot.
    //  (`EventStream` from sse.ts is the type of what `openEventStream` returns.)
    void openEventStream;
    void locals(res);
    void req;
    throw new Error('TODO: POST /v1/ask/stream — stream the answer as SSE delta events, then done with ttftMs');
  });

  app.post('/v1/feedback', (req, res) => {
    // TODO(DoD-9): parse the body with `parseBody(FeedbackSchema, req.body)`, `await feedback.accept(userIdOf(res), body)`
    // (it throws 404/403/409), count `metrics.feedback` by rating; a handoff also counts in
    // `metrics.escalations` (source 'handoff') and appends a `run_paused` audit event (status
    // 'handoff_requested', runId = the rated requestId). Answer 202 `{ accepted: true, handoff }` where
    // handoff is `components.escalation` when asked for, else null.
    void FeedbackSchema;
    void audit;
    void req;
    void res;
    throw new Error('TODO: POST /v1/feedback — accept a rating, count satisfaction and handoffs');
  });

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // TODO(DoD-11): answer every error as JSON `errorBody(error, requestId, components)`:
    //  - status: `error.status` for an HttpError (and its `headers`, e.g. Retry-After), 413 / 400 / 415
    //    for the body parser's `entity.too.large` / `entity.parse.failed` / `encoding.unsupported`,
    //    else 500;
    //  - count failures of /v1/ask* that are not 4xx HttpErrors in `metrics.errors` (label code);
    //  - if the headers were already sent (a stream), just `res.end()`.
    // Without this handler express answers with an HTML page that carries the stack trace.
    void statusOf;
    void req;
    void res;
    throw error;
  });
  return app;
}

/** The JSON error for any thrown value; unexpected ones are logged with their stack, server-side only. */
export function errorBody(
  error: unknown,
  requestId: string,
  components: Pick<Components, 'config' | 'log'>,
): ErrorBody {
  // TODO(DoD-11): map the error to `{ error: { code, message, requestId } }`:
  //  - HttpError: its code and message;
  //  - the body parser's errors (`error.type`): 'entity.too.large' → payload_too_large (name the limit,
  //    `components.config.maxBodyBytes`), 'entity.parse.failed' → invalid_json, 'encoding.unsupported'
  //    or 'charset.unsupported' → unsupported_encoding;
  //  - anything else is a bug: `components.log({ level: 'error', requestId, error: message, stack })`
  //    server-side, and the client gets only internal_error with a generic message (no stack, no paths).
  void error;
  void requestId;
  void components;
  throw new Error('TODO: errorBody — map an error to a JSON body without internals');
}

function statusOf(error: unknown): number {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') return 413;
  if (type === 'entity.parse.failed') return 400;
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 415;
  return 500;
}

/** Validate a JSON body; the first problem becomes a one-line 400 that names the field. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) {
    throw new HttpError(415, 'unsupported_media_type', 'send a JSON body with Content-Type: application/json');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Who asks, as the identity middleware found out. */
function userIdOf(res: Response): string {
  return (locals(res).identity as Identity).userId;
}
