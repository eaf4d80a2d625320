/**
 * Reading and validating the provider environment. Every variable is documented in
 * `.env.example` at the repository root; errors name the variable and the bad value.
 */
import { ProviderError } from '../spec/errors.ts';

/** The environment shape the factories read (usually `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Providers the factories can build. */
export const PROVIDERS = ['offline', 'openai', 'ollama'] as const;
/** One of `PROVIDERS`. */
export type ProviderId = (typeof PROVIDERS)[number];

/** Trimmed value, or undefined when unset or blank (an empty line in .env means unset). */
export function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A provider id from `name`, defaulting to `fallback`. */
export function readProvider(env: Env, name: string, fallback: ProviderId): ProviderId {
  const raw = readVar(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if ((PROVIDERS as readonly string[]).includes(value)) return value as ProviderId;
  throw new ProviderError(
    'config',
    'unknown',
    `${name}="${raw}" is not a known provider; use one of: ${PROVIDERS.join(', ')}`,
  );
}

/** One of `allowed` (case-insensitive) from `name`, defaulting to `fallback`. */
export function readChoice<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  provider: string,
): T {
  const raw = readVar(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ProviderError('config', provider, `${name}="${raw}" is not allowed; use one of: ${allowed.join(', ')}`);
}

/** An http(s) URL from `name`, or undefined when unset. */
export function readUrl(env: Env, name: string, provider: string): string | undefined {
  const raw = readVar(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError(
      'config',
      provider,
      `${name}="${raw}" is not a valid URL (expected e.g. http://localhost:8000/v1)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderError('config', provider, `${name}="${raw}" must start with http:// or https://`);
  }
  return raw.replace(/\/+$/, '');
}

/** A positive integer from `name`, or undefined when unset. */
export function readPositiveInt(env: Env, name: string, provider: string): number | undefined {
  const raw = readVar(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ProviderError('config', provider, `${name}="${raw}" must be a positive integer`);
  }
  return value;
}
