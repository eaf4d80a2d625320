/**
 * The HTTP surface: security headers, request ids and traces, identity, body limits, request
 * metrics and the one error handler. Clients get JSON errors with a stable code and the request
 * id, never a stack trace; their own mistakes (a bad range, a failed precondition, hanging up)
 * stay theirs: a 4xx, or nothing at all, never a 500.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AskResult, AskStatus } from './ask.ts';
import type { Components } from './components.ts';
import { DrainingError, type ErrorBody, HttpError } from './errors.ts';
import { FeedbackSchema } from './feedback.ts';
import { checkReadiness } from './health.ts';
import type { Identity } from './identity.ts';
import type { Lifecycle } from './shutdown.ts';
import { classifyAsk } from './sli.ts';
import { type EventStream, openEventStream } from './sse.ts';
import { StateStoreError } from './state/store.ts';

/** The web page: `index.html`, `app.js`, `style.css`. */
export const PUBLIC_DIR = path.resolve(import.meta.dirname, '..', 'public');

/**
 * The page loads only its own script, style and API: no inline code, no other origin, and no
 * page may frame it (clickjacking). Sent on every response: JSON and event streams are never
 * rendered as HTML, so they lose nothing by it.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Per-request state kept on `res.locals`. */
interface Locals {
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** The request's span, and the context its children start from. */
  span: Span;
  traceContext: Context;
  traceId: string;
  /** Set on `/v1/*` by the identity middleware. */
  identity?: Identity;
  /** How an answered question ended, the error code of a failed one, and a stream's first text: the SLI's input. */
  answerStatus?: AskStatus;
  errorCode?: string;
  firstTextMs?: number;
}

/** The routes whose requests the SLO counts. */
const ASK_ROUTES = new Set(['/v1/ask', '/v1/ask/stream']);

const locals = (res: Response) => res.locals as Locals;

/** Build the express app on the service's components. */
export function createApp(components: Components, lifecycle: Lifecycle): express.Express {
  const { config, metrics, pipeline, admission, users, feedback, audit, auth, limiter, idempotency, tracing } =
    components;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Security headers, the request id and span, in-flight tracking and the request metrics, before
  // anything can fail. The request id is always the server's: it is the answer's id, bound to its
  // asker, so no client can choose it (or reuse another user's).
  app.use((req, res, next) => {
    const requestId = randomUUID();
    const startedAt = performance.now();
    // Taken now: routers rewrite req.url while they run, and a 413 or 401 is the ask route's too.
    const askRoute =
      req.method === 'POST' && ASK_ROUTES.has(req.path) ? (req.path as '/v1/ask' | '/v1/ask/stream') : undefined;
    const span = tracing.tracer.startSpan(
      `${req.method}`,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method } },
      tracing.extract(req.headers),
    );
    const traceId = span.spanContext().traceId;
    Object.assign(res.locals, {
      requestId,
      startedAt,
      span,
      traceContext: trace.setSpan(tracing.extract(req.headers), span),
      traceId,
    } satisfies Locals);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-trace-id', traceId);
    lifecycle.track(res);
    const record = (status: string) => {
      // The route pattern, not the URL: one series per endpoint, whatever the path holds.
      const route = String(req.route?.path ?? (res.statusCode === 404 ? 'unmatched' : 'static'));
      const labels = { method: req.method, route, status };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, (performance.now() - startedAt) / 1000);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: Number(status) || 0 });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      if (askRoute) recordSli(askRoute, Number(status));
      return route;
    };
    // The SLI (sli.ts): one verdict per ask, from what the client got. A classification that throws
    // must not take the request path down: it is counted as `unclassified` and logged.
    const recordSli = (askRoute: '/v1/ask' | '/v1/ask/stream', httpStatus: number) => {
      const { answerStatus, errorCode, firstTextMs } = locals(res);
      let verdict: string;
      try {
        verdict = classifyAsk({
          route: askRoute,
          httpStatus,
          ...(errorCode === undefined ? {} : { errorCode }),
          ...(answerStatus === undefined ? {} : { answerStatus }),
          latencyMs: firstTextMs ?? performance.now() - startedAt,
        });
      } catch (error) {
        verdict = 'unclassified';
        components.log({
          level: 'error',
          requestId,
          error: `classifyAsk: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      metrics.sliEvents.inc({ verdict });
    };
    res.once('finish', () => record(String(res.statusCode)));
    res.once('close', () => {
      if (res.writableFinished) return;
      // The client hung up: not an error of ours. 499 is the usual status for it (nginx's).
      metrics.clientClosed.inc({ route: record('499') });
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
    res.send(await components.metricsText());
  });

  // Identity: every /v1 call is someone's (an API key's owner, or a signed session).
  app.use('/v1', (req, res, next) => {
    locals(res).identity = auth.identify(req, res);
    next();
  });

  app.get('/v1/session', (_req, res) => {
    const identity = locals(res).identity as Identity;
    res.json({ user: identity.userId, via: identity.via });
  });

  const AskBody = z.strictObject({ question: z.string().trim().min(1).max(config.maxQuestionChars) });

  /** Validation, draining, the rate limit and admission shared by both ask routes. */
  const admit = async (req: Request, res: Response) => {
    const { question } = parseBody(AskBody, req.body);
    const userId = (locals(res).identity as Identity).userId;
    if (lifecycle.draining) throw new DrainingError();
    try {
      await limiter.take(userId);
    } catch (error) {
      if (error instanceof HttpError && error.code === 'rate_limited') metrics.rateLimited.inc();
      throw error;
    }
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
    });
    const queuedAt = performance.now();
    const release = await admission.acquire(controller.signal);
    const queueMs = performance.now() - queuedAt;
    // Adoption is a KPI, not a gate: not waited for; a store failure is counted (metered store).
    users.seen(userId).catch(() => {});
    return { question, userId, signal: controller.signal, release, queueMs };
  };

  /**
   * Bind an answer to its asker so only they can rate it. Not waited for: the store applies a
   * connection's commands in order, so a rating that follows the answer finds it. A failure is
   * counted (metered store), not fatal.
   */
  const remember = (requestId: string, userId: string) => {
    feedback.remember(requestId, userId).catch(() => {});
  };

  app.post('/v1/ask', async (req, res) => {
    const { requestId, startedAt, traceContext, traceId } = locals(res);
    const { question, userId, signal, release, queueMs } = await admit(req, res);
    const key = req.get('idempotency-key');
    if (key !== undefined) {
      let claimed: Awaited<ReturnType<typeof idempotency.begin>>;
      try {
        claimed = await idempotency.begin(userId, key, question);
      } catch (error) {
        release();
        throw error;
      }
      if (claimed.state === 'done') {
        release();
        metrics.idempotentReplays.inc();
        res.setHeader('idempotent-replayed', 'true');
        res.type('application/json').send(claimed.body);
        return;
      }
    }
    let result: AskResult;
    const askedAt = performance.now();
    try {
      result = await pipeline.ask({ question, userId, requestId, mode: 'json', signal, traceContext, traceId });
    } catch (error) {
      if (key !== undefined) await idempotency.abandon(userId, key).catch(() => {});
      throw error;
    } finally {
      release();
    }
    locals(res).answerStatus = result.status;
    const answeredAt = performance.now();
    const totalMs = answeredAt - startedAt;
    metrics.timeToFirstToken.observe({ mode: 'json' }, totalMs / 1000);
    remember(requestId, userId);
    const body = JSON.stringify(result);
    if (key !== undefined) await idempotency.finish(userId, key, question, body).catch(() => {});
    // Where the time went: waiting for admission, the pipeline's own work (retrieval, guards,
    // prompt, cache, audit), the providers; the rest of `total` is HTTP parsing and middleware.
    const pipelineMs = answeredAt - askedAt - result.modelMs;
    res.setHeader(
      'server-timing',
      `queue;dur=${queueMs.toFixed(3)}, pipeline;dur=${pipelineMs.toFixed(3)}, model;dur=${result.modelMs.toFixed(3)}, total;dur=${totalMs.toFixed(3)}`,
    );
    res.type('application/json').send(body);
  });

  app.post('/v1/ask/stream', async (req, res) => {
    const { requestId, startedAt, traceContext, traceId } = locals(res);
    const { question, userId, signal, release } = await admit(req, res);
    // Opened with the first text: a refusal before that is still a plain JSON error with its status.
    let stream: EventStream | undefined;
    let ttftMs: number | undefined;
    let streamed = false;
    const send = (event: string, data: unknown) => {
      stream ??= openEventStream(res);
      stream.send(event, data);
    };
    const firstText = () => {
      if (ttftMs !== undefined) return;
      ttftMs = performance.now() - startedAt;
      locals(res).firstTextMs = ttftMs;
      metrics.timeToFirstToken.observe({ mode: 'stream' }, ttftMs / 1000);
    };
    try {
      const result = await pipeline.ask({
        question,
        userId,
        requestId,
        mode: 'stream',
        signal,
        traceContext,
        traceId,
        // Only text the output guard passed on arrives here.
        onText: (text) => {
          firstText();
          streamed = true;
          send('delta', { text });
        },
      });
      firstText();
      // Answers that were not streamed (a cache hit, a fallback, a held question) arrive whole,
      // through the same guard; a stream the guard cut gets no more text, only the final verdict.
      if (!streamed) send('delta', { text: result.answer });
      locals(res).answerStatus = result.status;
      remember(requestId, userId);
      send('done', { ...result, ttftMs });
      stream?.end();
    } catch (error) {
      if (!stream) throw error; // nothing sent yet: the error handler answers with a status
      if (!signal.aborted) {
        const body = errorBody(error, requestId, components);
        metrics.errors.inc({ code: body.error.code });
        locals(res).errorCode = body.error.code;
        stream.send('error', body);
      }
      stream.end();
    } finally {
      release();
    }
  });

  app.post('/v1/feedback', async (req, res) => {
    const body = parseBody(FeedbackSchema, req.body);
    await feedback.accept((locals(res).identity as Identity).userId, body);
    metrics.feedback.inc({ rating: body.rating });
    if (body.handoff) {
      metrics.escalations.inc({ source: 'handoff' });
      audit.append(
        {
          type: 'run_paused',
          runId: body.requestId,
          status: 'handoff_requested',
          reason: body.comment ?? 'the user asked for a human',
          steps: 0,
          usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
          costUsd: 0,
        },
        locals(res).traceId,
      );
    }
    res.status(202).json({ accepted: true, handoff: body.handoff ? components.escalation : null });
  });

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { requestId, span } = locals(res);
    // A client that hung up is gone: nothing to answer, nothing to log, not an error of ours.
    if (clientWentAway(error, req, res)) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    const failure = asHttpError(error);
    const body = errorBody(failure, requestId, components);
    locals(res).errorCode = body.error.code;
    if (req.path.startsWith('/v1/ask') && !(failure instanceof HttpError && failure.status < 500)) {
      metrics.errors.inc({ code: body.error.code });
    }
    span.setAttribute('error.type', body.error.code);
    if (res.headersSent) {
      res.end();
      return;
    }
    const status = failure instanceof HttpError ? failure.status : statusOf(failure);
    if (failure instanceof HttpError)
      for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
    res.status(status).json(body);
  });
  return app;
}

/** The client closed the connection (or aborted its request) before we could answer. */
function clientWentAway(error: unknown, req: Request, res: Response): boolean {
  const code = (error as { code?: string } | null)?.code;
  const aborted = (error as { type?: string } | null)?.type === 'request.aborted';
  return (
    aborted || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE' || (req.destroyed && res.destroyed)
  );
}

/**
 * Errors that are the client's, or a dependency's we know, as `HttpError`s: express.static's
 * `http-errors` below 500 (a Range past the end: 416, a failed If-Match: 412) keep their status;
 * an unreachable shared state store is a 503 that says so. Anything else is left as it is.
 */
function asHttpError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  if (error instanceof StateStoreError) {
    return new HttpError(503, 'state_unavailable', 'budgets and limits cannot be checked right now; retry shortly', {
      'retry-after': '1',
    });
  }
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  const expose = (error as { expose?: unknown } | null)?.expose;
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true && type === undefined) {
    const message = error instanceof Error ? error.message : 'request error';
    const headers = (error as { headers?: Record<string, string> }).headers ?? {};
    return new HttpError(status, codeFor(status), message, headers);
  }
  return error;
}

function codeFor(status: number): string {
  if (status === 416) return 'range_not_satisfiable';
  if (status === 412) return 'precondition_failed';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  return 'bad_request';
}

/** The JSON error for any thrown value; unexpected ones are logged with their stack, server-side only. */
export function errorBody(
  error: unknown,
  requestId: string,
  components: Pick<Components, 'config' | 'log'>,
): ErrorBody {
  if (error instanceof HttpError) return { error: { code: error.code, message: error.message, requestId } };
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') {
    return {
      error: {
        code: 'payload_too_large',
        message: `the body exceeds the limit of ${components.config.maxBodyBytes} bytes`,
        requestId,
      },
    };
  }
  if (type === 'entity.parse.failed') {
    return { error: { code: 'invalid_json', message: 'the body is not valid JSON', requestId } };
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { error: { code: 'unsupported_encoding', message: 'send the body as UTF-8 JSON', requestId } };
  }
  components.log({
    level: 'error',
    requestId,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return {
    error: { code: 'internal_error', message: 'internal error; quote the request id when you report it', requestId },
  };
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
