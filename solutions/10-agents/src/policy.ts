import path from 'node:path';
import { z } from 'zod';
import { AgentInputError } from './errors.ts';

/** What one role may do. */
export interface RolePolicy {
  /** Allowlist: the only tools this role may call. Everything else is denied. */
  tools: string[];
  /** Side-effecting tools among `tools` this role may run without a human's approval. Default: none. */
  autoApprove?: string[];
}

/** Permissions per role. Kept as data so a change is a reviewable diff. */
export interface Policy {
  roles: Record<string, RolePolicy>;
}

/**
 * Whom a run acts for, resolved from the authenticated ticket before the run starts (never from
 * the conversation): the customer, their e-mail address, and their orders with what each cost.
 */
export interface RunScope {
  customerId: string;
  email: string;
  orders: Record<string, { totalEur: number }>;
}

/** The run a call belongs to: fixed at start, nothing in the run can change it. */
export interface RunContext {
  role: string;
  scope: RunScope;
}

/** One call, after its arguments passed the tool's schema. */
export interface CallToCheck {
  tool: string;
  /** From the approved classification (for an MCP tool, its pin), not from the server. */
  sideEffect: boolean;
  /** The validated arguments: exactly what the tool will receive. */
  args: unknown;
}

/** What the permission check says about one call. */
export type Permission =
  /** Run it now. */
  | { kind: 'allow' }
  /** Never run it; `reason` goes back to the model. */
  | { kind: 'deny'; reason: string }
  /** Run it only after a human approves; `reason` is shown to them. */
  | { kind: 'needs_approval'; reason: string };

/**
 * The shop's roles: support staff work tickets, admins may also delete, the self-service bot only reads.
 * Given data, written from the business rule in the lab's README (money and deletions wait for a human;
 * receipts to the customer and notes do not): the DoD judges `authorize` with it as it is.
 */
export const SHOP_POLICY: Policy = {
  roles: {
    support: {
      tools: ['lookup_order', 'fetch_page', 'send_receipt', 'refund_order', 'add_note'],
      autoApprove: ['send_receipt', 'add_note'],
    },
    admin: {
      tools: ['lookup_order', 'fetch_page', 'send_receipt', 'refund_order', 'add_note', 'delete_customer'],
      autoApprove: ['send_receipt', 'add_note'],
    },
    viewer: { tools: ['lookup_order', 'fetch_page'] },
  },
};

const policySchema = z.strictObject({
  roles: z.record(
    z.string().min(1),
    z.strictObject({ tools: z.array(z.string().min(1)), autoApprove: z.array(z.string().min(1)).optional() }),
  ),
});

/** Validate a policy (e.g. loaded from a file); one line naming the field when it is wrong. */
export function parsePolicy(data: unknown): Policy {
  const result = policySchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AgentInputError(`policy: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  for (const [role, rules] of Object.entries(result.data.roles)) {
    for (const name of rules.autoApprove ?? []) {
      if (!rules.tools.includes(name)) {
        throw new AgentInputError(`policy: roles.${role}.autoApprove: "${name}" is not in the role's tools`);
      }
    }
  }
  return result.data;
}

/** The rules of `role`; an unknown role is an error, never "no restrictions". */
export function roleOf(policy: Policy, role: string): RolePolicy {
  const rules = Object.hasOwn(policy.roles, role) ? policy.roles[role] : undefined;
  if (!rules) {
    throw new AgentInputError(`unknown role "${role}"; the policy defines: ${Object.keys(policy.roles).join(', ')}`);
  }
  return rules;
}

/** The tools `role` may call: the only ones advertised to the model. */
export function allowedTools(policy: Policy, role: string): string[] {
  return [...roleOf(policy, role).tools];
}

const ORDER_ID = /^a-\d+$/i;
const CUSTOMER_ID = /^c-\d+$/i;
const EMAIL = /[^\s@<>,;]+@[^\s@<>,;]+/g;
const IBAN = /^[a-z]{2}\d{2}[a-z0-9 ]{10,}$/i;

/** Whether `requested` is a help-centre page however it is spelled (percent-escapes, backslashes, dot segments). */
function isHelpPage(requested: string): boolean {
  try {
    const decoded = decodeURIComponent(requested);
    return !/\.\.|\\/.test(decoded) && path.posix.normalize(`/${decoded}`).startsWith('/help/');
  } catch {
    return false;
  }
}

/** Why `value` reaches outside the run's customer, or undefined. Every string is judged, wherever it sits. */
function outOfScope(value: unknown, scope: RunScope, key = ''): string | undefined {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([field, inner]) => outOfScope(inner, scope, Array.isArray(value) ? key : field))
      .find((problem) => problem !== undefined);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (ORDER_ID.test(text) && !Object.hasOwn(scope.orders, text)) return `order ${text} is not this customer's`;
  if (CUSTOMER_ID.test(text) && text !== scope.customerId) return `customer ${text} is not this run's customer`;
  const stranger = (text.match(EMAIL) ?? []).find((address) => address.toLowerCase() !== scope.email.toLowerCase());
  if (stranger) return `${stranger} is not the customer's address`;
  if (IBAN.test(text)) return 'refunds go to the original payment method only';
  if (key === 'path' && !isHelpPage(text)) return `${text} is not a help-centre page`;
  return undefined;
}

/**
 * Decide what happens to one call of a run. Only the policy, the run's context and the validated
 * arguments count: nothing the model says and nothing a tool returned can widen them.
 */
export function authorize(policy: Policy, run: RunContext, call: CallToCheck): Permission {
  const rules = roleOf(policy, run.role);
  if (!rules.tools.includes(call.tool)) return { kind: 'deny', reason: `not allowed for role ${run.role}` };
  const problem = outOfScope(call.args, run.scope);
  if (problem) return { kind: 'deny', reason: `${call.tool}: ${problem}` };
  const { orderId = '', amountEur = 0 } = call.args as { orderId?: string; amountEur?: number };
  if (call.tool === 'refund_order' && !(amountEur <= (run.scope.orders[orderId]?.totalEur ?? 0))) {
    return { kind: 'deny', reason: `refund_order: more than order ${orderId} cost` };
  }
  if (call.sideEffect && !(rules.autoApprove ?? []).includes(call.tool)) {
    return { kind: 'needs_approval', reason: `${call.tool} changes something: a human approves it` };
  }
  return { kind: 'allow' };
}
