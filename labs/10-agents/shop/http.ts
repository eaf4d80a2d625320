/**
 * The shop-ops server over the streamable HTTP transport, on loopback only. One MCP session per
 * client (the `mcp-session-id` header), each with its own server on the same shop; sessions are
 * capped and end with a DELETE or when the server closes. Given code.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Shop } from './data.ts';
import { createShopServer, type ShopServerOptions } from './server.ts';

/** Request bodies above this are refused: a client cannot make the server buffer without bound. */
const MAX_BODY_BYTES = 256 * 1024;
/** Open sessions at most: a client cannot make the server keep state without bound. */
const MAX_SESSIONS = 32;

export interface RunningShop {
  /** The MCP endpoint, e.g. http://127.0.0.1:43211/mcp */
  url: URL;
  close(): Promise<void>;
}

/** The JSON body of a POST, or a status to answer with. */
async function bodyOf(req: IncomingMessage): Promise<{ body: unknown } | { status: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { status: 413 };
    chunks.push(chunk as Buffer);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { status: 400 };
  }
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startShopHttp(shop: Shop, options: ShopServerOptions = {}): Promise<RunningShop> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http: Server = createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const id = req.headers['mcp-session-id'];
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (req.method !== 'POST') {
      // GET opens a stream for server messages, DELETE ends the session: both need a session.
      if (session && (req.method === 'GET' || req.method === 'DELETE')) await session.handleRequest(req, res);
      else res.writeHead(session ? 405 : 404).end();
      return;
    }
    const parsed = await bodyOf(req);
    if ('status' in parsed) {
      res.writeHead(parsed.status).end();
      return;
    }
    if (session) {
      await session.handleRequest(req, res, parsed.body);
      return;
    }
    if (!isInitializeRequest(parsed.body) || sessions.size >= MAX_SESSIONS) {
      res.writeHead(id === undefined ? 400 : 404).end();
      return;
    }
    const { server } = createShopServer(shop, options);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, parsed.body);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
