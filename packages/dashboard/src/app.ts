import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { INSTRUCTOR_COOKIE, requireCohort, requireInstructor, type Tokens, tokenMatches } from './auth.ts';
import type { LabCatalog } from './catalog.ts';
import { toCsv } from './csv.ts';
import type { EventHub } from './events.ts';
import type { GroupCommit } from './group-commit.ts';
import { type RateLimit, RateLimiter } from './rate-limit.ts';
import { describeIssue, PARTICIPANT_KEY_HEADER, participantKeySchema, submissionSchema } from './schema.ts';
import { StorageError, type SubmissionStore } from './store.ts';
import { summarize } from './summary.ts';

/** What the express app needs; `startDashboard` wires the real ones. */
export interface AppOptions {
  store: SubmissionStore;
  /** Commits submissions in groups; `startDashboard` drains it before closing the database. */
  writer: GroupCommit;
  tokens: Tokens;
  hub: EventHub;
  /** The workshop's labs and checkpoints: submissions naming others are refused. */
  catalog: LabCatalog;
  /** Largest accepted submission body (bytes). A full 13-lab report is ~20 kB. */
  bodyLimitBytes?: number;
  /** Per participant key. */
  rateLimit?: RateLimit;
  /** Flag participants without progress for this many minutes. */
  idleMinutes?: number;
  /** Flag participants whose first failing checkpoint stayed the same for this many submissions. */
  repeatFailures?: number;
}

const publicDir = path.join(import.meta.dirname, '..', 'public');

/** Participants' CLIs retry a 503 after this many seconds (their queue keeps the report). */
const STORAGE_RETRY_SECONDS = 60;

/**
 * Nothing participant-supplied is ever parsed as HTML: the page builds its DOM with textContent,
 * and this policy forbids inline scripts and styles, so even a slip would not execute.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Body-parser errors carry these; everything else is our bug and gets a 500. */
interface HttpError {
  status?: number;
  type?: string;
  length?: number;
  limit?: number;
  message?: string;
}

function storageUnavailable(res: Response, message: string): void {
  res
    .status(503)
    .set('Retry-After', String(STORAGE_RETRY_SECONDS))
    .json({ error: `the dashboard cannot store submissions: ${message}; your report stays queued on your laptop` });
}

export function createApp(options: AppOptions): express.Express {
  const { store, writer, tokens, hub, catalog } = options;
  const bodyLimit = options.bodyLimitBytes ?? 256 * 1024;
  const thresholds = { idleMinutes: options.idleMinutes ?? 10, repeatFailures: options.repeatFailures ?? 5 };
  const limiter = new RateLimiter(options.rateLimit);
  // The summary only changes when a submission is stored, and five open pages read it often.
  let summaryCache: string | undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.get('/healthz', (_req, res) => {
    const failure = store.storageFailure();
    if (failure) {
      res.status(503).json({
        ok: false,
        error: `submissions cannot be stored since ${new Date(failure.since).toISOString()}: ${failure.message}`,
      });
    } else {
      res.json({ ok: true });
    }
  });

  app.post(
    '/api/submissions',
    requireCohort(tokens),
    // The key and the allowance are checked before the body is read: a flood costs no parsing.
    (req: Request, res: Response, next: NextFunction) => {
      const key = participantKeySchema.safeParse(req.get(PARTICIPANT_KEY_HEADER));
      if (!key.success) {
        res
          .status(400)
          .json({ error: `${PARTICIPANT_KEY_HEADER} header ${describeIssue(key.error).replace(/^body: /, '')}` });
        return;
      }
      const wait = limiter.take(key.data);
      if (wait > 0) {
        res
          .status(429)
          .set('Retry-After', String(wait))
          .json({ error: `too many submissions from this participant; retry in ${wait} s` });
        return;
      }
      res.locals.participantKey = key.data;
      next();
    },
    express.json({ limit: bodyLimit, strict: true }),
    async (req: Request, res: Response) => {
      if (!req.is('application/json')) {
        res.status(415).json({ error: 'send the submission as JSON with "Content-Type: application/json"' });
        return;
      }
      const parsed = submissionSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(422).json({ error: `invalid submission: ${describeIssue(parsed.error)}` });
        return;
      }
      const unknown = catalog.problem(parsed.data.labs);
      if (unknown) {
        res.status(422).json({ error: `invalid submission: ${unknown}` });
        return;
      }
      let result: Awaited<ReturnType<GroupCommit['record']>>;
      try {
        result = await writer.record(parsed.data, res.locals.participantKey as string);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        storageUnavailable(res, error.message);
        return;
      }
      if (!result.ok) {
        const name = parsed.data.participant.name;
        if (result.reason === 'room-full') {
          res.status(403).json({
            error: `the room is full: it has ${result.limit} participants, the limit; ask the instructor to raise --max-participants`,
          });
        } else {
          const like = result.existing === name ? '' : ` looks like "${result.existing}", which`;
          res.status(403).json({
            error: `the name "${name}"${like} belongs to another participant; submit with --name <another name>`,
          });
        }
        return;
      }
      summaryCache = undefined;
      hub.publish({ name: result.name, passed: result.passed, total: result.total, at: result.at });
      res.status(201).json({ id: result.id, name: result.name, passed: result.passed, total: result.total });
    },
  );

  // The page posts the token from its URL fragment here once; the cookie then authorises reads and SSE.
  app.post('/api/session', express.json({ limit: 1024 }), (req: Request, res: Response) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : undefined;
    if (!tokenMatches(token, tokens.instructor)) {
      res.status(401).json({ error: token ? 'wrong instructor token' : 'missing token: send {"token": "…"}' });
      return;
    }
    res.cookie(INSTRUCTOR_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
    res.status(204).end();
  });

  const instructor = requireInstructor(tokens);
  app.get('/api/summary', instructor, (_req, res) => {
    summaryCache ??= JSON.stringify(summarize(store.participants(), thresholds, catalog));
    res.type('application/json').send(summaryCache);
  });
  app.get('/api/participants/:name/history', instructor, (req, res) => {
    const history = store.history(String(req.params.name));
    if (!history) {
      res.status(404).json({ error: `no participant named "${req.params.name}"` });
      return;
    }
    res.json({ name: req.params.name, history });
  });
  app.get('/api/export.csv', instructor, (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('workshop-progress.csv').send(toCsv(store.participants(), catalog));
  });
  app.get('/api/events', instructor, (_req, res) => {
    if (!hub.add(res)) res.status(503).json({ error: 'too many open dashboards' });
  });
  app.use('/api', (req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` });
  });

  app.use(express.static(publicDir, { index: 'index.html', fallthrough: true }));

  app.use((error: HttpError, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      // A chunked body has no Content-Length: the parser stops at the limit without knowing the size.
      const limit = error.limit ?? bodyLimit;
      const size =
        error.length === undefined ? `over ${limit} bytes (sent without a Content-Length)` : `${error.length} bytes`;
      res.status(413).json({ error: `submission too large: ${size}, the limit is ${limit} bytes` });
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json({ error: `malformed JSON: ${error.message ?? 'could not parse the body'}` });
    } else if (error.status && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ error: error.message ?? 'bad request' });
    } else {
      process.stderr.write(`dashboard: ${error instanceof Error ? error.stack : String(error)}\n`);
      res.status(500).json({ error: 'internal error; the instructor can see it in the server log' });
    }
  });
  return app;
}
