import type { ParticipantReport } from '../report/build.ts';

/** What happened to one attempt. */
export type SendOutcome =
  | { kind: 'sent' }
  /**
   * The dashboard is unreachable, slow or overloaded (or this participant sends too often): keep
   * the report, try later — not before `retryAfterMs` when the dashboard said so (`Retry-After`).
   */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The token is wrong: keep the report (it is fine), fix the token. */
  | { kind: 'unauthorized'; reason: string }
  /** The dashboard refused this report for good (invalid, too large, name taken). */
  | { kind: 'rejected'; reason: string };

export interface SendOptions {
  url: string;
  token: string;
  key: string;
  /** A dashboard that does not answer within this is treated as down. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

function networkReason(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${url} within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return `connection refused by ${url} (is the dashboard running?)`;
  if (cause?.code === 'ENOTFOUND') return `unknown host in ${url}`;
  return `${url} unreachable: ${cause?.code ?? (error instanceof Error ? error.message : String(error))}`;
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** POSTs one report to the dashboard. Never throws: every failure is an outcome. */
export async function sendReport(report: ParticipantReport, options: SendOptions): Promise<SendOutcome> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.url}/api/submissions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${options.token}`,
        'X-Workshop-Participant-Key': options.key,
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { kind: 'retry', reason: networkReason(error, options.url, options.timeoutMs) };
  }
  if (response.ok) {
    await response.body?.cancel();
    return { kind: 'sent' };
  }
  const text = await response.text().catch(() => '');
  let reason = `HTTP ${response.status}`;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') reason = `${reason}: ${body.error}`;
  } catch {
    // Not the dashboard's JSON (a proxy's page, say): the status says enough.
  }
  if (response.status === 401) return { kind: 'unauthorized', reason };
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    const wait = retryAfterMs(response.headers.get('retry-after'));
    return wait === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs: wait };
  }
  return { kind: 'rejected', reason };
}
