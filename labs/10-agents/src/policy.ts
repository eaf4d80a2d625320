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

/**
 * Decide what happens to one call of a run. Only the policy, the run's context and the validated
 * arguments count: nothing the model says and nothing a tool returned can widen them.
 */
export function authorize(policy: Policy, run: RunContext, call: CallToCheck): Permission {
  // TODO (DoD-4): allow, deny or ask a human, for one call. The role's allowlist, then what the
  //   arguments reach: a run acts for one customer (run.scope) and the README says what that
  //   customer's agent may touch; then the business rule on approvals. The approver approves
  //   whatever you send them. Judged on the adversarial test scenarios in test/dod-4-boundary.test.ts.
  throw new Error(
    `TODO: authorize (src/policy.ts) for ${call.tool} as ${run.role} (${Object.keys(policy.roles).length} roles)`,
  );
}
