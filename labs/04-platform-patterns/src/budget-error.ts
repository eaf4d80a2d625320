/** Which token budget a request broke. */
export type BudgetName =
  /** The model's context window minus the tokens reserved for the answer. */
  | 'context'
  /** The most one request may spend (prompt plus the output it may generate). */
  | 'request'
  /** The most one user may spend per UTC day. */
  | 'daily';

/** What a `BudgetExceededError` reports. */
export interface BudgetExceededDetails {
  /** The budget that was broken. */
  budget: BudgetName;
  /** Size of that budget in tokens. */
  limit: number;
  /** Tokens already spent (or reserved) against it before this request; 0 for `context` and `request`. */
  used?: number;
  /** Tokens this request needs. */
  requested: number;
  /** The user whose budget it is, for `daily`. */
  userId?: string;
}

const LABELS: Record<BudgetName, string> = {
  context: 'context window budget',
  request: 'per-request token budget',
  daily: 'daily token budget',
};

/**
 * Going over a token budget. Typed so callers can tell the user which limit they hit and by
 * how much (`overBy`), instead of parsing a message.
 */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  /** The budget that was broken. */
  readonly budget: BudgetName;
  /** Size of that budget in tokens. */
  readonly limit: number;
  /** Tokens already spent (or reserved) against it before this request. */
  readonly used: number;
  /** Tokens this request needs. */
  readonly requested: number;
  /** Tokens over the limit: `used + requested - limit` (always > 0). */
  readonly overBy: number;
  /** The user whose daily budget it is, when `budget` is `daily`. */
  readonly userId: string | undefined;

  constructor(details: BudgetExceededDetails) {
    const used = details.used ?? 0;
    const overBy = used + details.requested - details.limit;
    const owner = details.userId === undefined ? '' : ` of user "${details.userId}"`;
    const spent = used > 0 ? `used ${used} + requested ${details.requested}` : `requested ${details.requested}`;
    super(`${LABELS[details.budget]}${owner} exceeded by ${overBy} tokens (${spent} > limit ${details.limit})`);
    this.budget = details.budget;
    this.limit = details.limit;
    this.used = used;
    this.requested = details.requested;
    this.overBy = overBy;
    this.userId = details.userId;
  }
}
