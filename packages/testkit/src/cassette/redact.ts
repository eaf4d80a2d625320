/**
 * Secrets never reach a cassette: credential headers and query parameters are replaced by a
 * marker when recorded, and the replay ignores them when matching.
 */

/** What a removed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Request headers that carry credentials (lower case). */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'openai-organization',
  'openai-project',
];

/** Response headers not worth keeping: cookies, and framing the replay recomputes. */
const DROPPED_RESPONSE_HEADERS = new Set(['set-cookie', 'content-length', 'content-encoding', 'transfer-encoding']);

/** Query parameters that carry credentials (lower case). */
export const SECRET_PARAMS: readonly string[] = ['key', 'api_key', 'api-key', 'apikey', 'token', 'access_token'];

/** Request headers with every secret replaced. */
export function redactRequestHeaders(headers: Headers, extra: readonly string[] = []): Record<string, string> {
  const secret = new Set([...SECRET_HEADERS, ...extra.map((h) => h.toLowerCase())]);
  const result: Record<string, string> = {};
  for (const [name, value] of headers) result[name] = secret.has(name) ? REDACTED : value;
  return result;
}

/** Response headers without cookies and framing. */
export function keptResponseHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) if (!DROPPED_RESPONSE_HEADERS.has(name)) result[name] = value;
  return result;
}

/** The URL with secret query parameters replaced. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.includes(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}
