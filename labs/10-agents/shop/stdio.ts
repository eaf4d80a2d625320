/**
 * The shop-ops server over stdio, as a separate process: `node shop/stdio.ts [options-json]`.
 * The agent starts it with the SDK's `StdioClientTransport`. stdout carries the protocol, so
 * nothing else may be printed there; problems go to stderr in one line. Given code.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadShopData, Shop } from './data.ts';
import { createShopServer, type ShopServerOptions } from './server.ts';

try {
  const options = JSON.parse(process.argv[2] ?? '{}') as ShopServerOptions;
  const { server } = createShopServer(new Shop(loadShopData()), options);
  await server.connect(new StdioServerTransport());
} catch (error) {
  console.error(`shop-ops: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
