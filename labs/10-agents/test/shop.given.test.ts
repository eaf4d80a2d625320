// Given code (shop/): the shop-ops MCP server the tests run. Runs against the reference in `test:reference`.
import { describe, expect, it } from 'vitest';
import { loadShopData, Shop } from '../shop/data.ts';
import { startShopHttp } from '../shop/http.ts';

describe('the shop-ops server (given)', () => {
  it('resolves page paths as a naive web server does (which is why the agent must judge them)', () => {
    const shop = new Shop(loadShopData());
    expect(shop.page('/help/../internal/payout-keys')?.path).toBe('/internal/payout-keys');
    expect(shop.page('/help/%2e%2e/internal/payout-keys')?.path).toBe('/internal/payout-keys');
    expect(shop.page('/help\\..\\internal\\payout-keys')?.path).toBe('/internal/payout-keys');
    expect(shop.page('/help/returns')?.path).toBe('/help/returns');
  });

  it('over HTTP listens on loopback only, refuses oversized bodies and other methods', async () => {
    const server = await startShopHttp(new Shop(loadShopData()));
    try {
      expect(server.url.hostname).toBe('127.0.0.1');
      const big = await fetch(server.url, {
        method: 'POST',
        body: 'x'.repeat(300 * 1024),
        headers: { 'content-type': 'application/json' },
      });
      expect(big.status).toBe(413);
      expect((await fetch(server.url)).status).toBe(404);
      const notJson = await fetch(server.url, {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
