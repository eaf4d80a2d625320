import { z } from 'zod';
import { AgentInputError } from './errors.ts';
import type { Tool } from './tools.ts';

/** What one role may do. */
export interface RolePolicy {
  /** Allowlist: the only tools this role may call. Everything else is denied. */
  tools: string[];
  /**
   * Side-effecting tools among `tools` this role may run WITHOUT a human's approval
   * (low-risk effects such as sending a receipt). Default: none.
   */
  autoApprove?: string[];
}

/** Permissions per role. Kept as data so a change is a reviewable diff. */
export interface Policy {
  roles: Record<string, RolePolicy>;
}

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

/** What the permission check says about one call. */
export type Permission =
  /** Run it now. */
  | { kind: 'allow' }
  /** Never run it; `reason` goes back to the model. */
  | { kind: 'deny'; reason: string }
  /** Run it only after a human approves; the run pauses. */
  | { kind: 'needs_approval'; reason: string };

/**
 * Decide whether `role` may call `tool`. Only the policy and the tool's own declaration count:
 * nothing the model says, and nothing a tool returned, can widen a role's permissions.
 */
export function authorize(policy: Policy, role: string, tool: Tool): Permission {
  // TODO: decide from the policy and the tool's own declaration, nothing else:
  //   1. `const rules = roleOf(policy, role)` (throws a clear error for an unknown role).
  //   2. Not in `rules.tools` → { kind: 'deny', reason: `tool "<tool>" is not allowed for role "<role>"` }.
  //   3. `tool.sideEffect` and not in `rules.autoApprove` → { kind: 'needs_approval', reason: … }.
  //   4. Otherwise { kind: 'allow' }.
  throw new Error(
    `TODO: authorize in src/policy.ts (role "${role}", tool "${tool.name}", ${Object.keys(policy.roles).length} roles)`,
  );
}
