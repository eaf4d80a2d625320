import { answerIntent } from '@lab/answer.ts';
import { createSupportDesk } from '@lab/handler.ts';
import type { Fixtures, HandlerResult, Intent, Order } from '@lab/types.ts';
import { useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockAt, emulatedModel, triage, triageJson } from './support.ts';

const network = useMockNetwork();
const desk = (data?: Fixtures, now = clockAt('2025-03-10T12:00:00Z')) =>
  createSupportDesk({ model: emulatedModel(), now, ...(data ? { data } : {}) });
const FREE_FORM = 'My jacket zip broke after two days and I was charged twice for it, which is not acceptable';
const ZERO = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** Narrows a result to a route, failing with a readable message otherwise. */
function route<R extends HandlerResult['route']>(result: HandlerResult, expected: R) {
  expect(result.route, 'result.route').toBe(expected);
  return result as Extract<HandlerResult, { route: R }>;
}

/** The plainest phrasing of each intent, as in the brief: any rule set answers these. */
function ask(intent: Intent): string {
  switch (intent.kind) {
    case 'order_status':
      return `Where is order ${intent.orderId}?`;
    case 'return_eligibility':
      return `Can I return order ${intent.orderId}?`;
    case 'convert_currency':
      return `Convert ${intent.amount} ${intent.from} to ${intent.to}`;
    case 'password_reset':
      return 'I forgot my password';
  }
}

describe('DoD-3 the desk answers plain requests with plain code: zero model calls, zero tokens', () => {
  it.each<Intent>([
    { kind: 'order_status', orderId: 'A-1042' },
    { kind: 'return_eligibility', orderId: 'A-1043' },
    { kind: 'convert_currency', amount: 30, from: 'EUR', to: 'USD' },
    { kind: 'password_reset' },
    { kind: 'order_status', orderId: 'Z-9999' },
  ])('answers the plainest $kind request without reaching the model API', async (intent) => {
    const result = route(await desk().handle(ask(intent)), 'deterministic');
    expect(result.answer.kind).toBe(intent.kind);
    expect({ usage: result.usage, modelCalls: result.modelCalls }).toEqual({ usage: ZERO, modelCalls: 0 });
    expect(network.requests).toHaveLength(0);
  });

  it('answers from the tables and the clock it is given, whatever they hold', async () => {
    const codes = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];
    const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms));
    const anOrder = fc.record<Order>({
      id: fc
        .tuple(fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ'), fc.integer({ min: 0, max: 9999 }))
        .map(([letter, n]) => `${letter}-${String(n).padStart(4, '0')}`),
      status: fc.constantFrom('processing', 'shipped', 'delivered', 'cancelled'),
      carrier: fc.constantFrom('DHL', null),
      placedAt: fc.constant('2024-01-01'),
      deliveredAt: fc.option(day.map((d) => d.toISOString().slice(0, 10))),
      items: fc.constant(['Tent']),
      finalSale: fc.boolean(),
    });
    const tables = fc.record<Fixtures>({
      orders: fc.uniqueArray(anOrder, { minLength: 1, maxLength: 5, selector: (o) => o.id }),
      rates: fc.record({
        base: fc.constant('EUR'),
        asOf: fc.constant('2025-01-01'),
        rates: fc
          .tuple(...codes.map(() => fc.integer({ min: 1, max: 100_000 })))
          .map((r) => Object.fromEntries(codes.map((code, i) => [code, (r[i] ?? 1) / 100]))),
      }),
      policy: fc.record({
        returnWindowDays: fc.integer({ min: 0, max: 90 }),
        passwordResetUrl: fc.webUrl(),
        supportEmail: fc.constant('help@shop.test'),
      }),
    });
    const intentFor = (data: Fixtures) =>
      fc.oneof(
        fc.constantFrom(...data.orders).map((o): Intent => ({ kind: 'order_status', orderId: o.id })),
        fc.constantFrom(...data.orders).map((o): Intent => ({ kind: 'return_eligibility', orderId: o.id })),
        fc
          .tuple(
            fc.integer({ min: 1, max: 999_999 }),
            fc.uniqueArray(fc.constantFrom(...codes), { minLength: 2, maxLength: 2 }),
          )
          .map(
            ([cents, [from = 'EUR', to = 'USD']]): Intent => ({
              kind: 'convert_currency',
              amount: cents / 100,
              from,
              to,
            }),
          ),
        fc.constant<Intent>({ kind: 'password_reset' }),
      );
    const scenario = tables.chain((data) => fc.tuple(fc.constant(data), intentFor(data), day));
    await fc.assert(
      fc.asyncProperty(scenario, async ([data, intent, now]) => {
        const text = ask(intent);
        // A plain request that reaches the model would meet an unscripted emulator: say so, not "invalid JSON".
        const result = await desk(data, () => now)
          .handle(text)
          .catch((error: unknown) => {
            throw new Error(
              `"${text}" was sent to the model instead of plain code (${(error as Error).message.slice(0, 80)})`,
            );
          });
        route(result, 'deterministic');
        expect((result as Extract<HandlerResult, { route: 'deterministic' }>).answer).toEqual(
          answerIntent(intent, data, now),
        );
      }),
      { numRuns: 40 },
    );
    expect(network.requests).toHaveLength(0);
  });
});

describe('DoD-3 the desk sends the rest to the model and bills each request on its own', () => {
  it('returns the model’s triage with the tokens of that request', async () => {
    network.openai.script({ content: triageJson(), usage: { inputTokens: 312, outputTokens: 41 } });
    const result = route(await desk().handle(FREE_FORM), 'model');
    expect(result).toMatchObject({ triage: triage(), modelCalls: 1 });
    expect(result.usage).toEqual({ inputTokens: 312, outputTokens: 41, totalTokens: 353 });
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('counts each request on its own, not a running total', async () => {
    const shared = desk();
    network.openai.script(
      { content: triageJson(), usage: { inputTokens: 100, outputTokens: 20 } },
      { content: triageJson({ priority: 'P0' }), usage: { inputTokens: 150, outputTokens: 25 } },
      { content: triageJson(), usage: { inputTokens: 200, outputTokens: 30 } },
    );
    const first = await shared.handle(FREE_FORM);
    const plain = await shared.handle('Where is order A-1042?');
    const repaired = await shared.handle(`${FREE_FORM}, again`);
    expect(first.usage.totalTokens).toBe(120);
    expect(plain.usage).toEqual(ZERO);
    expect(repaired).toMatchObject({ modelCalls: 2, usage: { inputTokens: 350, outputTokens: 55, totalTokens: 405 } });
  });
});
