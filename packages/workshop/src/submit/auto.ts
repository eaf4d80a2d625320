import type { Context } from '../commands/context.ts';
import { buildReport, participantName } from '../report/build.ts';
import { readProgress } from '../results/progress.ts';
import { type FlushResult, flushOutbox } from './flush.ts';
import { participantKey } from './identity.ts';
import { enqueue } from './outbox.ts';

/** What the auto-submitter needs from the world; tests pass a fake clock and timer. */
export interface AutoSubmitDeps {
  now(): number;
  /** Runs `fn` after `ms`; must not keep the process alive. */
  schedule(fn: () => void, ms: number): void;
  /** In [0, 1): spreads retries so a room whose dashboard comes back does not hit it all at once. */
  random(): number;
  fetch?: typeof fetch;
  /** A dashboard that does not answer within this is treated as down. */
  timeoutMs: number;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 60 s, each scaled by 0.5–1. */
export function backoffDelay(failures: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + random / 2));
}

/** A dashboard's `Retry-After` beyond this is a misconfiguration; the queue keeps the report anyway. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * When the dashboard said when to come back (`Retry-After` on a 429 or 503): then, never sooner,
 * plus up to a second of jitter so a room refused together does not return together.
 */
export function retryDelay(retryAfterMs: number, random: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, retryAfterMs) + Math.round(random * 1_000);
}

/**
 * Submits after each re-check in watch mode when `WORKSHOP_DASHBOARD_URL` and `WORKSHOP_TOKEN` are
 * set. The report goes to the local outbox first; sending happens in the background with short
 * timeouts, and after a failure waits (backoff) instead of trying on every save.
 */
export class AutoSubmitter {
  readonly #deps: AutoSubmitDeps;
  #failures = 0;
  #nextAttemptAt = 0;
  #inFlight: Promise<void> | undefined;
  #again = false;
  /** The last flush's outcome, for whoever wants to show it. */
  lastResult: FlushResult | undefined;

  constructor(deps: AutoSubmitDeps) {
    this.#deps = deps;
  }

  /** Resolves when no send is in progress (tests and a clean shutdown wait on it). */
  settled(): Promise<void> {
    return this.#inFlight ?? Promise.resolve();
  }

  /** Queues a report of the saved progress, then sends what is queued unless backing off. */
  async submit(context: Context, env: NodeJS.ProcessEnv = process.env): Promise<void> {
    const url = env.WORKSHOP_DASHBOARD_URL;
    const token = env.WORKSHOP_TOKEN;
    if (!url || !token) return;
    const progress = await readProgress(context.root);
    const name = participantName(context.root, undefined, env);
    await enqueue(context.root, url, buildReport(context.labs, progress, name, new Date(this.#deps.now())));
    await this.#tryFlush(context.root, url, token);
  }

  #tryFlush(root: string, url: string, token: string): Promise<void> {
    if (this.#inFlight) {
      // The running flush may have listed the queue before this report was added.
      this.#again = true;
      return this.#inFlight;
    }
    // Backing off: the retry timer will send this report with the others.
    if (this.#deps.now() < this.#nextAttemptAt) return Promise.resolve();
    this.#inFlight = this.#flush(root, url, token).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #flush(root: string, url: string, token: string): Promise<void> {
    do {
      this.#again = false;
      const key = await participantKey(root);
      const result = await flushOutbox(root, {
        url,
        token,
        key,
        timeoutMs: this.#deps.timeoutMs,
        fetch: this.#deps.fetch,
      });
      this.lastResult = result;
      if (result.stoppedBy) {
        const told = result.stoppedBy.retryAfterMs;
        // Told when to come back: the dashboard is up and pacing us, which is not a failure to back off from.
        if (told === undefined) this.#failures++;
        const delay =
          told === undefined
            ? backoffDelay(this.#failures, this.#deps.random())
            : retryDelay(told, this.#deps.random());
        this.#nextAttemptAt = this.#deps.now() + delay;
        this.#deps.schedule(() => void this.#tryFlush(root, url, token).catch(() => {}), delay);
        return;
      }
      this.#failures = 0;
      this.#nextAttemptAt = 0;
    } while (this.#again);
  }
}

const defaultSubmitter = new AutoSubmitter({
  now: Date.now,
  schedule: (fn, ms) => setTimeout(fn, ms).unref(),
  random: Math.random,
  timeoutMs: 2_000,
});

/**
 * Watch mode calls this after each re-check. Fire-and-forget: it returns at once, never throws,
 * and a dashboard that is down costs the participant nothing (reports wait in `.workshop/outbox/`).
 */
export function autoSubmit(context: Context): void {
  defaultSubmitter.submit(context).catch(() => {
    // A full disk or a read-only checkout: the watch screen matters more than the dashboard.
  });
}
