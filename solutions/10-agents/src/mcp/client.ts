/**
 * MCP tools for the agent, through the official TypeScript SDK: connect a client on any transport
 * (stdio, streamable HTTP, in-memory), list the server's tools, keep those its pins admit, and call
 * them. Given code: the same in the starter and the solution.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { RefusedTool, Tool, ToolProvider, ToolSet } from '../tools.ts';
import { admitTools, type Pins, type ToolPin } from './pins.ts';

/** A tool as an MCP server lists it (name, title, description, inputSchema, annotations, _meta…). */
export type McpTool = McpToolDefinition;

/** A server cannot make the agent page through its listing forever. */
const MAX_PAGES = 10;
const MAX_TOOLS = 200;

/** Connect an SDK client on `transport` (already configured: a command, a URL, a linked pair). */
export async function connectMcp(transport: Transport, name = 'workshop-agent'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Every tool the server lists now, page by page, within the limits above. */
export async function listMcpTools(client: Client): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...result.tools);
    if (tools.length > MAX_TOOLS) throw new Error(`MCP server lists more than ${MAX_TOOLS} tools`);
    cursor = result.nextCursor;
    if (!cursor) {
      // Two definitions under one name: which one would a call reach? Refuse the listing.
      const twice = tools.find((tool, i) => tools.findIndex((other) => other.name === tool.name) !== i);
      if (twice) throw new Error(`MCP server lists the tool ${twice.name} twice`);
      return tools;
    }
  }
  throw new Error(`MCP server listing did not end after ${MAX_PAGES} pages`);
}

/** The text of a tool result: JSON when it parses, the text otherwise. */
function outputOf(result: CallToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = result.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One admitted MCP tool as an agent tool: the approved schema validates (closed: a field it does not
 * declare is refused, not passed on), the pin says whether it has effects.
 */
function agentTool(client: Client, definition: McpTool, pin: ToolPin): Tool {
  const schema = { ...definition.inputSchema, additionalProperties: false };
  return {
    name: definition.name,
    description: definition.description ?? definition.title ?? definition.name,
    inputSchema: z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]),
    sideEffect: pin.sideEffect,
    async execute(args, context) {
      const result = (await client.callTool(
        {
          name: definition.name,
          arguments: args as Record<string, unknown>,
          // The server (and the systems behind it) can refuse a repeated effect too.
          ...(context.idempotencyKey ? { _meta: { idempotencyKey: context.idempotencyKey } } : {}),
        },
        undefined,
        { signal: context.signal },
      )) as CallToolResult;
      if (result.isError) throw new Error(String(outputOf(result)).slice(0, 500));
      return outputOf(result);
    },
  };
}

/**
 * The tools of an MCP server that `pins` admit. Listed again on every call of `tools()` (the agent
 * asks before each model call): a definition changed since approval is refused from the next step
 * on, whether or not the server announced the change. Between two listings, the closed schema
 * keeps a widened server from receiving fields nobody approved.
 */
export function mcpTools(client: Client, pins: Pins): ToolProvider {
  // Converting a JSON Schema is not free: keep each admitted definition's agent tool.
  const built = new Map<string, Tool>();
  return {
    async tools(): Promise<ToolSet> {
      const { admitted, refused } = admitTools(await listMcpTools(client), pins);
      const tools: Tool[] = [];
      const unusable: RefusedTool[] = [...refused];
      for (const { tool, pin } of admitted) {
        const key = JSON.stringify([tool, pin]);
        try {
          const agentToolOf = built.get(key) ?? agentTool(client, tool, pin);
          built.set(key, agentToolOf);
          tools.push(agentToolOf);
        } catch (error) {
          unusable.push({ name: tool.name, reason: `its input schema cannot be checked (${String(error)})` });
        }
      }
      return { tools, refused: unusable };
    },
  };
}
