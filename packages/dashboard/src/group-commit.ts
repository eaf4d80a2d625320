import type { Submission } from './schema.ts';
import type { RecordResult, SubmissionStore } from './store.ts';

interface Waiting {
  submission: Submission;
  key: string;
  receivedAt: number;
  resolve(result: RecordResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit. With `synchronous=FULL` every commit waits for an fsync (~1.6 ms here) and
 * `node:sqlite` is synchronous, so one commit per submission would cap the server near 600/s and
 * stall the event loop. Submissions whose bodies arrive in the same turn of the event loop are
 * committed together in one transaction; each is acknowledged only after that commit.
 */
export class GroupCommit {
  readonly #store: SubmissionStore;
  #waiting: Waiting[] = [];
  #scheduled = false;
  /** Resolves when the commit scheduled now has run; `drain()` waits on it before the database closes. */
  #committed: Promise<void> = Promise.resolve();
  #markCommitted: () => void = () => {};

  constructor(store: SubmissionStore) {
    this.#store = store;
  }

  /** Resolves once the submission is durably stored (or refused: name taken). */
  record(submission: Submission, key: string): Promise<RecordResult> {
    return new Promise<RecordResult>((resolve, reject) => {
      this.#waiting.push({ submission, key, receivedAt: Date.now(), resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        this.#committed = new Promise((done) => {
          this.#markCommitted = done;
        });
        setImmediate(() => this.#commit());
      }
    });
  }

  /** Resolves once no commit is pending: the server calls it before closing the database. */
  drain(): Promise<void> {
    return this.#committed;
  }

  #commit(): void {
    this.#scheduled = false;
    const batch = this.#waiting;
    this.#waiting = [];
    try {
      const results = this.#store.recordBatch(batch);
      for (const [i, waiting] of batch.entries()) waiting.resolve(results[i] as RecordResult);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.#markCommitted();
    }
  }
}
