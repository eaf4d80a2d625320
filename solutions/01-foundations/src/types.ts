/**
 * The shapes the support desk works with. Shared by the starter and the solution:
 * the exercise is the behaviour, not the types.
 */
import type { TokenUsage } from '@workshop/llm';

// ---------------------------------------------------------------------------
// Requests plain code can answer
// ---------------------------------------------------------------------------

/** A request that plain code understood completely. */
export type Intent =
  /** "What is the status of order A-1042?" */
  | {
      kind: 'order_status';
      /** Upper-case order id, e.g. `A-1042`. */
      orderId: string;
    }
  /** "Can I still return order A-1043?" */
  | {
      kind: 'return_eligibility';
      /** Upper-case order id. */
      orderId: string;
    }
  /** "Convert 30 EUR to USD" */
  | {
      kind: 'convert_currency';
      /** Amount to convert, as written (decimal point allowed). */
      amount: number;
      /** ISO-4217 code, upper case, e.g. `EUR`. */
      from: string;
      /** ISO-4217 code, upper case, e.g. `USD`. */
      to: string;
    }
  /** "I forgot my password" */
  | { kind: 'password_reset' };

// ---------------------------------------------------------------------------
// The data plain code looks things up in (see fixtures/)
// ---------------------------------------------------------------------------

/** Lifecycle of an order. */
export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled';

/** One row of `fixtures/orders.json`. */
export interface Order {
  /** Order id, e.g. `A-1042`. */
  id: string;
  /** Where the order is now. */
  status: OrderStatus;
  /** Carrier name once shipped, otherwise null. */
  carrier: string | null;
  /** Date the order was placed, `YYYY-MM-DD`. */
  placedAt: string;
  /** Date it was delivered, `YYYY-MM-DD`, or null when it has not been. */
  deliveredAt: string | null;
  /** Product names, for the answer text. */
  items: string[];
  /** Final-sale orders cannot be returned. */
  finalSale: boolean;
}

/** Exchange rates: `rates[X]` units of currency X buy one unit of `base`. */
export interface Rates {
  /** The currency every rate is quoted against, e.g. `EUR` (its own rate is 1). */
  base: string;
  /** Date the rates were taken, `YYYY-MM-DD`. */
  asOf: string;
  /** Units of each currency per one unit of `base`. */
  rates: Record<string, number>;
}

/** Business rules kept as data, so changing a rule is a data change, not a deploy of logic. */
export interface Policy {
  /** Days after delivery during which an order may be returned (the last day included). */
  returnWindowDays: number;
  /** Where customers reset their password. */
  passwordResetUrl: string;
  /** Where humans answer. */
  supportEmail: string;
}

/** Everything the deterministic path needs. */
export interface Fixtures {
  orders: Order[];
  rates: Rates;
  policy: Policy;
}

// ---------------------------------------------------------------------------
// Deterministic answers
// ---------------------------------------------------------------------------

/** Answer to `order_status`. */
export interface OrderStatusAnswer {
  kind: 'order_status';
  orderId: string;
  /** The order, or null when no order has that id. */
  order: Order | null;
  /** Reply for the customer; names the order id, and its status when found. */
  text: string;
}

/** Why an order can or cannot be returned. */
export type ReturnReason =
  /** Delivered, and today is within the return window. */
  | 'within_window'
  /** Delivered, but the window has closed. */
  | 'window_closed'
  /** Not delivered (processing, shipped or cancelled): nothing to return yet. */
  | 'not_delivered'
  /** Final-sale order. */
  | 'final_sale'
  /** No order has that id. */
  | 'unknown_order';

/** Answer to `return_eligibility`. */
export interface ReturnAnswer {
  kind: 'return_eligibility';
  orderId: string;
  /** Whether the customer may return the order today. */
  eligible: boolean;
  /** The rule that decided. */
  reason: ReturnReason;
  /** Last day of the return window, `YYYY-MM-DD`, when a window applies (delivered, not final sale); otherwise null. */
  deadline: string | null;
  /** Reply for the customer. */
  text: string;
}

/** Answer to `convert_currency`. */
export interface ConversionAnswer {
  kind: 'convert_currency';
  amount: number;
  from: string;
  to: string;
  /** Converted amount rounded to 2 decimals, or null when a currency is not in the rate table. */
  result: number | null;
  /** Reply for the customer; names the unsupported code when there is one. */
  text: string;
}

/** Answer to `password_reset`. */
export interface PasswordResetAnswer {
  kind: 'password_reset';
  /** The reset link from the policy. */
  url: string;
  /** Reply for the customer; contains the link. */
  text: string;
}

/** Any deterministic answer; `kind` matches the intent it answers. */
export type Answer = OrderStatusAnswer | ReturnAnswer | ConversionAnswer | PasswordResetAnswer;

// ---------------------------------------------------------------------------
// The model's structured output
// ---------------------------------------------------------------------------

/** What a free-form request is about. */
export type TriageCategory = 'damaged_item' | 'late_delivery' | 'refund_request' | 'billing' | 'account' | 'other';

/** How soon a human must look. */
export type TriagePriority = 'low' | 'normal' | 'high' | 'urgent';

/** The triage of a free-form request, as the model must return it (snake_case: it is wire JSON). */
export interface Triage {
  /** What the request is about. */
  category: TriageCategory;
  /** How soon someone must act. */
  priority: TriagePriority;
  /** One or two sentences for the agent's queue; 1–280 characters. */
  summary: string;
  /** Whether a human must handle it (refunds, threats, anything the bot must not promise). */
  needs_human: boolean;
  /** Order id mentioned in the request, upper case (`A-1042`), or null. */
  order_id: string | null;
}

// ---------------------------------------------------------------------------
// What the handler returns
// ---------------------------------------------------------------------------

/** The outcome of one request, with what it cost. */
export type HandlerResult =
  | {
      /** Answered by plain code. */
      route: 'deterministic';
      answer: Answer;
      /** Tokens spent on this request: always zero here. */
      usage: TokenUsage;
      /** Chat calls made for this request: always 0 here. */
      modelCalls: number;
    }
  | {
      /** Triaged by the model. */
      route: 'model';
      triage: Triage;
      /** Tokens spent on this request, summed over every model call it made (repair included). */
      usage: TokenUsage;
      /** Chat calls made for this request: 1, or 2 when a repair was needed. */
      modelCalls: number;
    };
