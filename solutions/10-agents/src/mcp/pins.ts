import { canonicalJson, sha256Hex } from '@workshop/kit';
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
  // Everything the server says the tool is and does. `_meta` (build ids, timestamps) and
  // `execution` are protocol plumbing that changes with every deploy, not the tool's contract.
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return sha256Hex(canonicalJson({ name, title, description, inputSchema, outputSchema, annotations }));
}

/**
 * Which listed tools the agent may use: those approved, whose definition is still the one
 * approved. Every other tool is refused on its own, with the reason; the rest of the server stays usable.
 */
export function admitTools(listed: readonly McpTool[], pins: Pins): Admission {
  const admission: Admission = { admitted: [], refused: [] };
  for (const tool of listed) {
    const pin = Object.hasOwn(pins, tool.name) ? pins[tool.name] : undefined;
    if (!pin) admission.refused.push({ name: tool.name, reason: 'not approved for this agent' });
    else if (pin.fingerprint === toolFingerprint(tool)) admission.admitted.push({ tool, pin });
    else admission.refused.push({ name: tool.name, reason: 'changed since it was approved: it needs a new review' });
  }
  return admission;
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
