import { type OutboxEntry, pending, remove, setAside } from './outbox.ts';
import { sendReport } from './send.ts';

/** What one flush did. */
export interface FlushResult {
  /** Reports the dashboard acknowledged (and that left the queue). */
  sent: number;
  /** Reports still queued for this dashboard. */
  queued: number;
  /** Reports the dashboard refused for good, with its reason; moved to `.workshop/outbox/rejected/`. */
  rejected: string[];
  /** Why sending stopped early (dashboard down, wrong token, too many at once), when it did. */
  stoppedBy?: { kind: 'retry' | 'unauthorized'; reason: string; retryAfterMs?: number };
}

export interface FlushOptions {
  url: string;
  token: string;
  key: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Sends the queued reports for one dashboard, oldest first, so its history stays in order. Stops
 * at the first sign the dashboard is down, the token is wrong or the dashboard asks to slow down
 * (429): trying the rest would only add timeouts or refusals.
 */
export async function flushOutbox(root: string, options: FlushOptions): Promise<FlushResult> {
  const entries: OutboxEntry[] = await pending(root, options.url);
  const result: FlushResult = { sent: 0, queued: entries.length, rejected: [] };
  for (const entry of entries) {
    const outcome = await sendReport(entry.report, options);
    if (outcome.kind === 'sent') {
      await remove(entry);
      result.sent++;
      result.queued--;
    } else if (outcome.kind === 'rejected') {
      await setAside(root, entry.file);
      result.rejected.push(outcome.reason);
      result.queued--;
    } else {
      result.stoppedBy = outcome;
      break;
    }
  }
  return result;
}
