/**
 * The shop-ops server over the streamable HTTP transport, on loopback only. Stateless: each POST
 * gets a fresh server and transport on the same shop, so no session outlives a request. Given code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Shop } from './data.ts';
import { createShopServer, type ShopServerOptions } from './server.ts';

/** Request bodies above this are refused: a client cannot make the server buffer without bound. */
const MAX_BODY_BYTES = 256 * 1024;

export interface RunningShop {
  /** The MCP endpoint, e.g. http://127.0.0.1:43211/mcp */
  url: URL;
  close(): Promise<void>;
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startShopHttp(shop: Shop, options: ShopServerOptions = {}): Promise<RunningShop> {
  const http: Server = createServer(async (req, res) => {
    if (req.url !== '/mcp' || req.method !== 'POST') {
      res.writeHead(req.url === '/mcp' ? 405 : 404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
      return;
    }
    const { server } = createShopServer(shop, options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
