import type { McpTool } from './client.ts';

/** What the agent's owners approved about one MCP tool. */
export interface ToolPin {
  /** `toolFingerprint` of the definition they reviewed. */
  fingerprint: string;
  /** Their classification: does calling it change something? (The server's annotations are only hints.) */
  sideEffect: boolean;
}

/** Approved tools by name: a reviewed file, like the policy. */
export type Pins = Record<string, ToolPin>;

/** The tools of one listing that may be used, and those refused with a one-line reason. */
export interface Admission {
  admitted: { tool: McpTool; pin: ToolPin }[];
  refused: { name: string; reason: string }[];
}

/**
 * The fingerprint of a tool definition as a server lists it. Two listings of the same reviewed
 * tool get the same fingerprint; a change a reviewer should see gets another one.
 */
export function toolFingerprint(tool: McpTool): string {
  // TODO (DoD-1): decide what a reviewer approved when they read this definition, and fingerprint
  //   exactly that. A deploy of the same server must keep every fingerprint; a rewritten description,
  //   a new argument or new annotations must change it. Read the dev rows (fixtures/server-changes.dev.jsonl)
  //   and a real listing; @workshop/kit has the hashing helpers. Judged in test/dod-1-pins.test.ts.
  throw new Error(`TODO: toolFingerprint (src/mcp/pins.ts) for ${tool.name}`);
}

/**
 * Which listed tools the agent may use: those approved, whose definition is still the one
 * approved. Every other tool is refused on its own, with the reason; the rest of the server stays usable.
 */
export function admitTools(listed: readonly McpTool[], pins: Pins): Admission {
  // TODO (DoD-1): admit a listed tool only while it is exactly what was approved; refuse the others one
  //   by one with a one-line reason the audit log can show (not approved, changed since approval, ...).
  //   Judged on the test split: every changed tool refused, no unchanged tool refused.
  throw new Error(`TODO: admitTools (src/mcp/pins.ts), ${listed.length} tools, ${Object.keys(pins).length} pins`);
}

/**
 * Approve a listing as it is now: the reviewer's act, once they have read every definition.
 * `sideEffects` is their classification of each tool; a tool they did not classify is not approved.
 * Given code.
 */
export function approveTools(listed: readonly McpTool[], sideEffects: Record<string, boolean>): Pins {
  const pins: Pins = {};
  for (const tool of listed) {
    const sideEffect = Object.hasOwn(sideEffects, tool.name) ? sideEffects[tool.name] : undefined;
    if (sideEffect !== undefined) pins[tool.name] = { fingerprint: toolFingerprint(tool), sideEffect };
  }
  return pins;
}
