/**
 * Server changes (`fixtures/server-changes.{dev,test}.jsonl`): the shop-ops server as the owners
 * reviewed it, then another version of it (a redeploy, a new tool, a rewritten description, a
 * widened schema…). Each row names the tools a reviewer must look at again; every other tool the
 * new version lists must stay usable. Given code.
 */

import type { McpTool } from '@lab/mcp/client.ts';
import type { Admission, admitTools, approveTools } from '@lab/mcp/pins.ts';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadSplit, type Split } from '@workshop/testkit/datasets';
import type { ShopServerOptions } from '../shop/server.ts';
import { linkedShop, REVIEWED_SIDE_EFFECTS } from './shop-kit.ts';

export interface ServerChangeRow {
  id: string;
  /** What changed, in words. */
  note: string;
  /** The new version of the server. */
  server: ShopServerOptions;
  /** The tools that must be refused until someone reviews them again. */
  refused: string[];
}

export function serverChangeSplit(split: Split, from = import.meta.dirname): ServerChangeRow[] {
  return loadSplit<ServerChangeRow>(from, 'server-changes', split);
}

/** The code under test these checks need. */
export interface PinPieces {
  connectMcp: (transport: InMemoryTransport) => Promise<Client>;
  listMcpTools: (client: Client) => Promise<McpTool[]>;
  approveTools: typeof approveTools;
  admitTools: typeof admitTools;
}

/** The listing of a server version (in memory). */
export async function listingOf(lab: PinPieces, server: ShopServerOptions = {}): Promise<McpTool[]> {
  const linked = await linkedShop(lab.connectMcp, undefined, server);
  try {
    return await lab.listMcpTools(linked.client);
  } finally {
    await linked.close();
  }
}

export interface ChangeOutcome {
  row: ServerChangeRow;
  admission: Admission;
  /** Tools that needed a new review but were admitted. */
  missed: string[];
  /** Tools unchanged since review but refused. */
  falselyRefused: string[];
}

export interface ChangeFigures {
  /** Rows with at least one tool to review, and the share whose every such tool was refused. */
  changes: number;
  caught: number;
  /** Reviewed, unchanged tools listed by the new versions, and how many were refused. */
  unchanged: number;
  falselyRefused: number;
  outcomes: ChangeOutcome[];
}

/** Approve the reviewed server, then admit each row's version against those pins. */
export async function judgeServerChanges(rows: readonly ServerChangeRow[], lab: PinPieces): Promise<ChangeFigures> {
  const pins = lab.approveTools(await listingOf(lab), REVIEWED_SIDE_EFFECTS);
  const outcomes: ChangeOutcome[] = [];
  for (const row of rows) {
    const listed = await listingOf(lab, row.server);
    const admission = lab.admitTools(listed, pins);
    const admitted = new Set(admission.admitted.map((entry) => entry.tool.name));
    outcomes.push({
      row,
      admission,
      missed: row.refused.filter((name) => admitted.has(name)),
      falselyRefused: listed.map((t) => t.name).filter((name) => !row.refused.includes(name) && !admitted.has(name)),
    });
  }
  const changed = outcomes.filter((o) => o.row.refused.length > 0);
  const unchanged = outcomes.reduce(
    (sum, o) => sum + o.admission.admitted.length + o.falselyRefused.length - o.missed.length,
    0,
  );
  return {
    changes: changed.length,
    caught: changed.length === 0 ? 0 : changed.filter((o) => o.missed.length === 0).length / changed.length,
    unchanged,
    falselyRefused: outcomes.reduce((sum, o) => sum + o.falselyRefused.length, 0),
    outcomes,
  };
}
