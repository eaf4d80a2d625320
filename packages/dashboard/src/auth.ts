import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** The two secrets of a dashboard: participants hold the cohort token, the instructor the other. */
export interface Tokens {
  /** Lets a participant submit progress. Cannot read anything. */
  cohort: string;
  /** Lets the instructor read the room (page, API, SSE, CSV). Cannot submit. */
  instructor: string;
}

/** 24 random bytes in base64url: long enough that guessing is hopeless, short enough to type from a slide. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The instructor's browser keeps the token in this HttpOnly cookie, because EventSource cannot send headers. */
export const INSTRUCTOR_COOKIE = 'workshop_instructor';

/** Constant-time comparison, so response timing does not reveal how much of a token was right. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** A cookie's value; `null` when it is there but not valid percent-encoding (`%E0%A4%A`). */
function cookie(req: Request, name: string): string | null | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return undefined;
}

function unauthorized(res: Response, message: string): void {
  res.status(401).set('WWW-Authenticate', 'Bearer realm="workshop"').json({ error: message });
}

/** Participants' routes: `Authorization: Bearer <cohort token>`. */
export function requireCohort(tokens: Tokens) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = bearer(req);
    if (given === undefined) unauthorized(res, 'missing token: send "Authorization: Bearer <cohort token>"');
    else if (!tokenMatches(given, tokens.cohort)) unauthorized(res, 'wrong cohort token: ask the instructor for it');
    else next();
  };
}

/** Instructor's routes: `Authorization: Bearer <instructor token>`, or the cookie set by `POST /api/session`. */
export function requireInstructor(tokens: Tokens) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = bearer(req) ?? cookie(req, INSTRUCTOR_COOKIE);
    if (given === null) {
      unauthorized(res, `malformed ${INSTRUCTOR_COOKIE} cookie: open the URL printed by \`workshop dashboard\` again`);
    } else if (given === undefined) {
      unauthorized(
        res,
        'missing token: open the URL printed by `workshop dashboard` (it carries the instructor token)',
      );
    } else if (!tokenMatches(given, tokens.instructor)) unauthorized(res, 'wrong instructor token');
    else next();
  };
}
