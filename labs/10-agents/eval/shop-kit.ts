/**
 * The shop as the tests and the dev report wire it: the reviewed server, its approval, the scope
 * of a customer, and an in-memory MCP connection (the SDK's linked transports, no process, no port).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type Effect, loadShopData, Shop, type ShopData } from '../shop/data.ts';
import { createShopServer, type ShopServerOptions, type ShopToolName } from '../shop/server.ts';

/** The reviewer's classification of the shop's tools: which ones change something. */
export const REVIEWED_SIDE_EFFECTS: Record<ShopToolName, boolean> = {
  lookup_order: false,
  fetch_page: false,
  send_receipt: true,
  refund_order: true,
  add_note: true,
  delete_customer: true,
};

export const shopData: ShopData = loadShopData();

/** Whom a run acts for: the customer of the ticket, their address and their orders. */
export function scopeFor(customerId: string, data: ShopData = shopData) {
  const customer = data.customers.find((c) => c.id === customerId);
  if (!customer) throw new Error(`no customer ${customerId} in fixtures/shop.json`);
  const orders = Object.fromEntries(
    data.orders.filter((o) => o.customerId === customerId).map((o) => [o.id, { totalEur: o.totalEur }]),
  );
  return { customerId, email: customer.email, orders };
}

/** A shop server connected to a client in memory. */
export interface LinkedShop {
  shop: Shop;
  client: Client;
  tools: Partial<Record<string, RegisteredTool>>;
  /** What the server did, read through MCP (the `shop://effects` resource). */
  effects(): Promise<Effect[]>;
  close(): Promise<void>;
}

/** Start `createShopServer` on `shop` and connect `connect`'s client to it through linked in-memory transports. */
export async function linkedShop(
  connect: (transport: InMemoryTransport) => Promise<Client>,
  shop: Shop = new Shop(shopData),
  options: ShopServerOptions = {},
): Promise<LinkedShop> {
  const { server, tools } = createShopServer(shop, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = await connect(clientSide);
  return {
    shop,
    client,
    tools,
    effects: () => readEffects(client),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The effects log of a shop server, through its `shop://effects` resource. */
export async function readEffects(client: Client): Promise<Effect[]> {
  const result = await client.readResource({ uri: 'shop://effects' });
  const first = result.contents[0];
  return first && 'text' in first ? (JSON.parse(first.text) as Effect[]) : [];
}
