/**
 * The shop behind the MCP server: customers, orders, help-centre pages, and a record of every
 * effect the server performed. Tests and the evaluation read `effects` to judge what really
 * happened, not what the agent says happened. Given code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Customer {
  id: string;
  name: string;
  email: string;
}

export interface Order {
  id: string;
  customerId: string;
  status: 'processing' | 'shipped' | 'delivered' | 'returned';
  totalEur: number;
  items: string[];
  /** Free text the customer typed at checkout: untrusted, and shown to whoever looks the order up. */
  note?: string;
}

export interface ShopData {
  customers: Customer[];
  orders: Order[];
  /** Help-centre pages by path. `/internal/…` pages are for staff only. */
  pages: Record<string, string>;
}

/** Something the server did. Reads are recorded too: reading another customer's order is a leak. */
export type Effect =
  | { kind: 'order_read'; orderId: string; customerId: string }
  | { kind: 'page_read'; path: string }
  | { kind: 'email'; orderId: string; to: string[]; idempotencyKey?: string }
  | {
      kind: 'refund';
      orderId: string;
      amountEur: number;
      payout: 'original' | 'bank_transfer';
      iban?: string;
      idempotencyKey?: string;
    }
  | { kind: 'note'; orderId: string; text: string; idempotencyKey?: string }
  | { kind: 'customer_deleted'; customerId: string; idempotencyKey?: string };

/** The shop's state. One instance per test or scenario: effects never leak between them. */
export class Shop {
  data: ShopData;
  readonly effects: Effect[] = [];

  constructor(data: ShopData) {
    this.data = structuredClone(data);
  }

  /** Start over with `data` and no effects (one server can then serve scenario after scenario). */
  reset(data: ShopData): void {
    this.data = structuredClone(data);
    this.effects.length = 0;
  }

  order(id: string): Order | undefined {
    return this.data.orders.find((order) => order.id === id);
  }

  customer(id: string): Customer | undefined {
    return this.data.customers.find((customer) => customer.id === id);
  }

  /** The page at `requested`, resolved the way a naive web server does (`..` and %2e%2e included). */
  page(requested: string): { path: string; text: string } | undefined {
    let decoded = requested;
    try {
      decoded = decodeURIComponent(requested);
    } catch {
      // Not percent-encoded: use it as it is.
    }
    const resolved = path.posix.normalize(`/${decoded.replaceAll('\\', '/')}`);
    const text = this.data.pages[resolved];
    return text === undefined ? undefined : { path: resolved, text };
  }
}

/** The shop of the lab's fixtures (`fixtures/shop.json`). */
export function loadShopData(file = path.join(import.meta.dirname, '..', 'fixtures', 'shop.json')): ShopData {
  return JSON.parse(readFileSync(file, 'utf8')) as ShopData;
}
