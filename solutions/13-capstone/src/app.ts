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
import type { Lifecycle } from './shutdown.ts';
import { type EventStream, openEventStream } from './sse.ts';

/** The web page: `index.html`, `app.js`, `style.css`. */
export const PUBLIC_DIR = path.resolve(import.meta.dirname, '..', 'public');

/** Request and user ids: letters, digits, `_`, `-`, `.`; at most 64 characters. */
const ID = /^[\w.-]{1,64}$/;

/** Per-request state kept on `res.locals`. */
interface Locals {
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
}

const locals = (res: Response) => res.locals as Locals;

/** Build the express app on the service's components. */
export function createApp(components: Components, lifecycle: Lifecycle): express.Express {
  const { config, metrics, pipeline, admission, users, feedback, audit } = components;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Request id, in-flight tracking and the request metrics, before anything can fail.
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && ID.test(given) ? given : randomUUID();
    const startedAt = performance.now();
    res.locals.requestId = requestId;
    res.locals.startedAt = startedAt;
    res.setHeader('x-request-id', requestId);
    lifecycle.track(res);
    res.once('finish', () => {
      // The route pattern, not the URL: one series per endpoint, whatever the path holds.
      const route = req.route?.path ?? (res.statusCode === 404 ? 'unmatched' : 'static');
      const labels = { method: req.method, route: String(route), status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, (performance.now() - startedAt) / 1000);
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

  const AskBody = z.strictObject({ question: z.string().trim().min(1).max(config.maxQuestionChars) });

  /** Validation, identity, draining and admission shared by both ask routes. */
  const admit = async (req: Request, res: Response) => {
    const { question } = parseBody(AskBody, req.body);
    const userId = userIdOf(req);
    if (lifecycle.draining) throw new DrainingError();
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
    });
    const queuedAt = performance.now();
    const release = await admission.acquire(controller.signal);
    const queueMs = performance.now() - queuedAt;
    users.seen(userId);
    return { question, userId, signal: controller.signal, release, queueMs };
  };

  app.post('/v1/ask', async (req, res) => {
    const { requestId, startedAt } = locals(res);
    const { question, userId, signal, release, queueMs } = await admit(req, res);
    let result: AskResult;
    const askedAt = performance.now();
    try {
      result = await pipeline.ask({ question, userId, requestId, mode: 'json', signal });
    } finally {
      release();
    }
    const answeredAt = performance.now();
    const totalMs = answeredAt - startedAt;
    metrics.timeToFirstToken.observe({ mode: 'json' }, totalMs / 1000);
    feedback.remember(requestId, userId);
    // Where the time went: waiting for admission, the pipeline's own work (retrieval, guards,
    // prompt, cache, audit), the providers; the rest of `total` is HTTP parsing and middleware.
    const pipelineMs = answeredAt - askedAt - result.modelMs;
    res.setHeader(
      'server-timing',
      `queue;dur=${queueMs.toFixed(3)}, pipeline;dur=${pipelineMs.toFixed(3)}, model;dur=${result.modelMs.toFixed(3)}, total;dur=${totalMs.toFixed(3)}`,
    );
    res.json(result);
  });

  app.post('/v1/ask/stream', async (req, res) => {
    const { requestId, startedAt } = locals(res);
    const { question, userId, signal, release } = await admit(req, res);
    // Opened with the first text: a refusal before that is still a plain JSON error with its status.
    let stream: EventStream | undefined;
    let ttftMs: number | undefined;
    const send = (event: string, data: unknown) => {
      stream ??= openEventStream(res);
      stream.send(event, data);
    };
    const firstText = () => {
      if (ttftMs !== undefined) return;
      ttftMs = performance.now() - startedAt;
      metrics.timeToFirstToken.observe({ mode: 'stream' }, ttftMs / 1000);
    };
    try {
      const result = await pipeline.ask({
        question,
        userId,
        requestId,
        mode: 'stream',
        signal,
        onText: (text) => {
          firstText();
          send('delta', { text });
        },
      });
      firstText(); // answers without a model (fallbacks) arrive whole
      feedback.remember(requestId, userId);
      send('done', { ...result, ttftMs });
      stream?.end();
    } catch (error) {
      if (!stream) throw error; // nothing sent yet: the error handler answers with a status
      const body = errorBody(error, requestId, components);
      metrics.errors.inc({ code: body.error.code });
      stream.send('error', body);
      stream.end();
    } finally {
      release();
    }
  });

  app.post('/v1/feedback', (req, res) => {
    const body = parseBody(FeedbackSchema, req.body);
    feedback.accept(userIdOf(req), body);
    metrics.feedback.inc({ rating: body.rating });
    if (body.handoff) {
      metrics.escalations.inc({ source: 'handoff' });
      audit.append({
        type: 'run_paused',
        runId: body.requestId,
        status: 'handoff_requested',
        reason: body.comment ?? 'the user asked for a human',
        steps: 0,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        costUsd: 0,
      });
    }
    res.status(202).json({ accepted: true, handoff: body.handoff ? components.escalation : null });
  });

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { requestId } = locals(res);
    const body = errorBody(error, requestId, components);
    if (req.path.startsWith('/v1/ask') && !(error instanceof HttpError && error.status < 500)) {
      metrics.errors.inc({ code: body.error.code });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const status = error instanceof HttpError ? error.status : statusOf(error);
    if (error instanceof HttpError)
      for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(status).json(body);
  });
  return app;
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

/** The pseudonymous user id from `x-user-id`; `anonymous` when absent. */
function userIdOf(req: Request): string {
  const given = req.get('x-user-id');
  if (given === undefined || given === '') return 'anonymous';
  if (!ID.test(given)) {
    throw new HttpError(400, 'invalid_request', 'x-user-id: use up to 64 letters, digits, "_", "-" or "."');
  }
  return given;
}
