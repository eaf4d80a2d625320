/**
 * Who is asking. Identity decides budgets, rate limits, adoption and who may rate an answer, so it
 * never comes from a header the client chooses (`x-user-id` is ignored):
 *
 * - with API keys (`CAPSTONE_API_KEYS="alice:<key>,bob:<key>"`), every `/v1/*` call needs
 *   `Authorization: Bearer <key>` and the user is the key's owner; keys are compared in constant
 *   time (on their SHA-256 digests, against every configured key) and never logged;
 * - without keys (the `pnpm start` demo), each visitor gets a signed session cookie (HMAC-SHA256,
 *   HttpOnly, SameSite=Strict): one browser, one user. It is an identity for honest clients, not a
 *   defence against a client that drops its cookies — production configures keys.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError } from './errors.ts';

/** Who sent a request, and how we know. */
export interface Identity {
  userId: string;
  via: 'api_key' | 'session';
}

/** User names: letters, digits, `_`, `-`, `.`; 1–64 characters. */
const USER = /^[\w.-]{1,64}$/;
/** Keys: 16–256 visible ASCII characters other than `,`. */
const KEY = /^[\x21-\x2b\x2d-\x7e]{16,256}$/;
const COOKIE = 'capstone_session';

/** `alice:<key>,bob:<key>` → `{ alice: key, bob: key }`. Errors name the variable and the entry, never a key. */
export function parseApiKeys(raw: string, variable = 'CAPSTONE_API_KEYS'): Record<string, string> {
  const keys: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [index, entry] of raw.split(',').entries()) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const user = colon > 0 ? trimmed.slice(0, colon) : '';
    const key = colon > 0 ? trimmed.slice(colon + 1) : '';
    if (!USER.test(user))
      throw new Error(
        `${variable}: entry ${index + 1} needs "name:key" with a name of letters, digits, "_", "-" or "."`,
      );
    if (!KEY.test(key))
      throw new Error(`${variable}: the key of "${user}" must be 16–256 visible characters without ","`);
    if (user in keys) throw new Error(`${variable}: "${user}" is listed twice`);
    if (seen.has(key)) throw new Error(`${variable}: "${user}" reuses another user's key`);
    seen.add(key);
    keys[user] = key;
  }
  if (Object.keys(keys).length === 0) throw new Error(`${variable} is set but lists no "name:key" entry`);
  return keys;
}

/** Options of `Authenticator`. */
export interface AuthenticatorOptions {
  /** User → API key. Unset or empty: session cookies. */
  apiKeys?: Record<string, string>;
  /** Secret of the session cookies' HMAC (at least 32 characters). */
  sessionSecret: string;
  /** How long a session lasts, in ms. */
  sessionTtlMs: number;
  /** Wall clock in ms since the epoch. */
  now?: () => number;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export class Authenticator {
  /** `api_key`: a key is required; `session`: visitors get a cookie. */
  readonly mode: 'api_key' | 'session';
  readonly #keys: { user: string; digest: Buffer }[];
  readonly #secret: Buffer;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: AuthenticatorOptions) {
    if (options.sessionSecret.length < 32) throw new Error('the session secret must be at least 32 characters');
    this.#keys = Object.entries(options.apiKeys ?? {}).map(([user, key]) => ({ user, digest: digest(key) }));
    this.mode = this.#keys.length > 0 ? 'api_key' : 'session';
    this.#secret = Buffer.from(options.sessionSecret);
    this.#ttlMs = options.sessionTtlMs;
    this.#now = options.now ?? Date.now;
  }

  /** Who sent `req`. Throws a 401 in key mode; in session mode, issues a cookie on `res` when needed. */
  identify(req: Request, res: Response): Identity {
    if (this.mode === 'api_key') return { userId: this.#owner(req.get('authorization')), via: 'api_key' };
    const userId = this.#session(req.get('cookie'));
    if (userId) return { userId, via: 'session' };
    const issued = `s-${randomBytes(16).toString('base64url')}`;
    const expires = Math.floor((this.#now() + this.#ttlMs) / 1000);
    res.append(
      'set-cookie',
      `${COOKIE}=${issued}.${expires}.${this.#sign(`${issued}.${expires}`)}; Path=/; Max-Age=${Math.floor(this.#ttlMs / 1000)}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`,
    );
    return { userId: issued, via: 'session' };
  }

  #owner(header: string | undefined): string {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw unauthorized('send "Authorization: Bearer <your API key>"');
    const presented = digest(match[1] as string);
    let owner: string | undefined;
    // Compare with every key, always: the time taken says nothing about which one (nearly) matched.
    for (const { user, digest: expected } of this.#keys) {
      if (timingSafeEqual(presented, expected)) owner = user;
    }
    if (owner === undefined) throw unauthorized('the API key is not valid');
    return owner;
  }

  /** The user of a valid, unexpired session cookie, or undefined. */
  #session(header: string | undefined): string | undefined {
    const value = header
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${COOKIE}=`))
      ?.slice(COOKIE.length + 1);
    const [userId, expires, signature] = value?.split('.') ?? [];
    if (!userId || !expires || !signature) return undefined;
    const expected = Buffer.from(this.#sign(`${userId}.${expires}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Number(expires) * 1000 > this.#now() ? userId : undefined;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, { 'www-authenticate': 'Bearer realm="capstone"' });
}

/** A fresh session secret (when none is configured). */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}
