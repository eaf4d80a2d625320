import { type Arm, armFor, bucketOf } from './bucket.ts';
import { type ArmStats, type GuardPolicy, guardDecision } from './guard.ts';

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
      type: 'rolled_back' | 'promoted';
      at: string;
      promptId: string;
      /** The version rolled out. */
      canaryVersion: string;
      /** The version it was compared with. */
      baselineVersion: string;
      /** The guard's reason, with the figures. */
      reason: string;
      baseline: ArmStats;
      canary: ArmStats;
    };

/** The guard's decision as logged: a rollback or a promotion. */
export type DecisionEvent = Extract<RolloutEvent, { type: 'rolled_back' | 'promoted' }>;

/** One served request's outcome, fed back to the rollout. */
export interface Outcome {
  /** The request failed: a model error, invalid output, a user-visible failure, negative feedback. */
  failed: boolean;
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
  /** What counts as a regression, for the guard. */
  guard: GuardPolicy;
  /** Receives every event. */
  log: (event: RolloutEvent) => void;
  /** Called once when the guard rolls back, e.g. to move a label back; awaited. */
  onRollback?: (event: DecisionEvent) => void | Promise<void>;
  /** Called once when the guard promotes the canary, e.g. to move `production` to it; awaited. */
  onPromote?: (event: DecisionEvent) => void | Promise<void>;
  /** Clock for event timestamps. */
  now?: () => Date;
}

const emptyStats = (): ArmStats => ({ requests: 0, failures: 0 });

/**
 * A percentage rollout of a canary prompt version with an automatic guard. Assignment is a
 * pure function of (user, prompt, percent), so it is sticky across calls, processes and
 * restarts without storing anything; only the outcome counters live in memory. After every
 * outcome the guard decides: roll back (percent 0), promote (percent 100), or keep going.
 */
export class Rollout {
  readonly #options: RolloutOptions;
  readonly #now: () => Date;
  readonly #stats: Record<Arm, ArmStats> = { baseline: emptyStats(), canary: emptyStats() };
  #percent: number;
  #decided: DecisionEvent | undefined;

  constructor(options: RolloutOptions) {
    checkPercent(options.percent);
    if (!(options.guard.regression > 0 && options.guard.regression < 1)) {
      throw new Error(`guard.regression must be a rate between 0 and 1, got ${options.guard.regression}`);
    }
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#percent = options.percent;
  }

  /** Current percentage of users on the canary (0 after a rollback, 100 after a promotion). */
  get percent(): number {
    return this.#percent;
  }

  /** The guard's decision, once it has made one. */
  get decided(): DecisionEvent | undefined {
    return this.#decided;
  }

  /** Outcome counters per arm (copies). */
  stats(): Record<Arm, ArmStats> {
    return { baseline: { ...this.#stats.baseline }, canary: { ...this.#stats.canary } };
  }

  /** The arm and version for a user, logged as an `assigned` event. */
  assign(userId: string): Assignment {
    const { promptId, baselineVersion, canaryVersion } = this.#options;
    const bucket = bucketOf(userId, promptId);
    const arm = armFor(bucket, this.#percent);
    const version = arm === 'canary' ? canaryVersion : baselineVersion;
    this.#options.log({
      type: 'assigned',
      at: this.#at(),
      promptId,
      userId,
      bucket,
      arm,
      version,
      percent: this.#percent,
    });
    return { userId, bucket, arm, version };
  }

  /** Moves the ramp (e.g. 5 → 25 → 50). Refused once the guard has decided: start a new rollout. */
  ramp(percent: number): void {
    checkPercent(percent);
    if (this.#decided) {
      const what = this.#decided.type === 'rolled_back' ? 'rolled back' : 'promoted';
      throw new Error(
        `rollout of ${this.#options.promptId}@${this.#options.canaryVersion} was ${what}; start a new one`,
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
   * Records the outcome of a request served under `assignment`, then asks the guard. Returns the
   * decision event when this outcome settled the rollout. Once decided, nothing is re-checked.
   */
  async record(assignment: Assignment, outcome: Outcome): Promise<DecisionEvent | undefined> {
    const stats = this.#stats[assignment.arm];
    stats.requests += 1;
    if (outcome.failed) stats.failures += 1;
    if (this.#decided) return undefined;
    const decision = guardDecision(this.#stats.baseline, this.#stats.canary, this.#options.guard);
    if (decision.action === 'continue') return undefined;
    const { promptId, canaryVersion, baselineVersion } = this.#options;
    const event: DecisionEvent = {
      type: decision.action === 'rollback' ? 'rolled_back' : 'promoted',
      at: this.#at(),
      promptId,
      canaryVersion,
      baselineVersion,
      reason: decision.reason,
      ...this.stats(),
    };
    // Act in memory first (immediately), then log and persist.
    this.#percent = decision.action === 'rollback' ? 0 : 100;
    this.#decided = event;
    this.#options.log(event);
    await (decision.action === 'rollback' ? this.#options.onRollback : this.#options.onPromote)?.(event);
    return event;
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
