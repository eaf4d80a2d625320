import type { Arm } from './bucket.ts';
import type { ArmStats, GuardPolicy } from './guard.ts';

// TODO: add the imports your code needs, e.g.:
//   import { armFor, bucketOf } from './bucket.ts';
//   import { guardVerdict } from './guard.ts';

/** A user's assignment for one request. */
export interface Assignment {
  /** The user. */
  userId: string;
  /** Their bucket, 0–99. */
  bucket: number;
  /** Which arm they are on. */
  arm: Arm;
  /** The prompt version to serve them. */
  version: string;
}

/** Everything the rollout logs. Ship these to your log pipeline; they are the audit trail. */
export type RolloutEvent =
  | {
      type: 'assigned';
      at: string;
      promptId: string;
      userId: string;
      bucket: number;
      arm: Arm;
      version: string;
      percent: number;
    }
  | { type: 'ramped'; at: string; promptId: string; from: number; to: number }
  | {
      type: 'rolled_back';
      at: string;
      promptId: string;
      /** The version taken out of service. */
      canaryVersion: string;
      /** The version everyone gets now. */
      baselineVersion: string;
      /** Which metric tripped, with the figures. */
      reason: string;
      baseline: ArmStats;
      canary: ArmStats;
    };

/** The rollback event. */
export type RollbackEvent = Extract<RolloutEvent, { type: 'rolled_back' }>;

/** One served request's outcome, fed back to the rollout. */
export interface Outcome {
  /** The request failed (model error, invalid output, user-visible failure). */
  error: boolean;
  /** An eval score for this output (online judge, thumbs up/down mapped to a number), if any. */
  score?: number;
}

/** Configuration of one rollout of one prompt. */
export interface RolloutOptions {
  /** The prompt being rolled out. */
  promptId: string;
  /** The version users get by default (what `production` points at). */
  baselineVersion: string;
  /** The version being rolled out. */
  canaryVersion: string;
  /** Starting percentage of users on the canary, 0–100. */
  percent: number;
  /** When to roll back automatically. */
  guard: GuardPolicy;
  /** Receives every event. */
  log: (event: RolloutEvent) => void;
  /** Called once when the guard rolls back, e.g. to move a label back; awaited. */
  onRollback?: (event: RollbackEvent) => void | Promise<void>;
  /** Clock for event timestamps. */
  now?: () => Date;
}

const emptyStats = (): ArmStats => ({ requests: 0, errors: 0, errorRate: 0, scored: 0, meanScore: undefined });

/**
 * A percentage rollout of a canary prompt version with an automatic guard. Assignment is a
 * pure function of (user, prompt, percent), so it is sticky across calls, processes and
 * restarts without storing anything; only the outcome counters live in memory.
 */
export class Rollout {
  readonly #options: RolloutOptions;
  readonly #now: () => Date;
  readonly #stats: Record<Arm, ArmStats> = { baseline: emptyStats(), canary: emptyStats() };
  readonly #scoreSums: Record<Arm, number> = { baseline: 0, canary: 0 };
  #percent: number;
  #rolledBack: RollbackEvent | undefined;

  constructor(options: RolloutOptions) {
    checkPercent(options.percent);
    if (options.guard.minSamples < 1) throw new Error('guard.minSamples must be at least 1');
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#percent = options.percent;
  }

  /** Current percentage of users on the canary (0 after a rollback). */
  get percent(): number {
    return this.#percent;
  }

  /** The rollback event, once the guard has fired. */
  get rolledBack(): RollbackEvent | undefined {
    return this.#rolledBack;
  }

  /** Outcome counters per arm (copies). */
  stats(): Record<Arm, ArmStats> {
    return { baseline: { ...this.#stats.baseline }, canary: { ...this.#stats.canary } };
  }

  /** The arm and version for a user, logged as an `assigned` event. */
  assign(userId: string): Assignment {
    // TODO: bucket = bucketOf(userId, promptId); arm = armFor(bucket, this.#percent);
    // version = canaryVersion or baselineVersion; log an 'assigned' event
    // { type, at: this.#at(), promptId, userId, bucket, arm, version, percent } and return { userId, bucket, arm, version }.
    throw new Error(`TODO: assign(${userId}) — bucket the user and log the assignment`);
  }

  /** Moves the ramp (e.g. 5 → 25 → 50 → 100). Refused after a rollback: start a new rollout. */
  ramp(percent: number): void {
    checkPercent(percent);
    if (this.#rolledBack) {
      throw new Error(
        `rollout of ${this.#options.promptId}@${this.#options.canaryVersion} was rolled back; start a new one`,
      );
    }
    this.#options.log({
      type: 'ramped',
      at: this.#at(),
      promptId: this.#options.promptId,
      from: this.#percent,
      to: percent,
    });
    this.#percent = percent;
  }

  /**
   * Records the outcome of a request served under `assignment`, then checks the guard. Returns
   * the rollback event when this outcome tripped it. After a rollback nothing is re-checked.
   */
  async record(assignment: Assignment, outcome: Outcome): Promise<RollbackEvent | undefined> {
    const stats = this.#stats[assignment.arm];
    stats.requests += 1;
    if (outcome.error) stats.errors += 1;
    stats.errorRate = stats.errors / stats.requests;
    if (outcome.score !== undefined) {
      stats.scored += 1;
      this.#scoreSums[assignment.arm] += outcome.score;
      stats.meanScore = this.#scoreSums[assignment.arm] / stats.scored;
    }
    if (this.#rolledBack) return undefined;
    // TODO: check the guard and roll back when it trips:
    // 1. reason = guardVerdict(this.#stats.baseline, this.#stats.canary, this.#options.guard); none -> return undefined.
    // 2. Build the RollbackEvent { type: 'rolled_back', at: this.#at(), promptId, canaryVersion,
    //    baselineVersion, reason, ...this.stats() }.
    // 3. Stop serving the canary FIRST: this.#percent = 0 and this.#rolledBack = event.
    // 4. Log the event, await this.#options.onRollback?.(event), and return it.
    throw new Error('TODO: record — roll back when the guard trips');
  }

  #at(): string {
    return this.#now().toISOString();
  }
}

function checkPercent(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new Error(`rollout percent must be an integer from 0 to 100, got ${percent}`);
  }
}
