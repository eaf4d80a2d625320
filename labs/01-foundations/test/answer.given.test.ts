import { answerIntent } from '@lab/answer.ts';
import { loadFixtures } from '@lab/data.ts';
import type { Answer, Intent } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';
import { customFixtures, order } from './support.ts';

const shop = loadFixtures();
const march10 = new Date('2025-03-10T12:00:00Z');

/** Narrows an answer to the expected kind, failing with a readable message otherwise. */
function as<K extends Answer['kind']>(answer: Answer, kind: K): Extract<Answer, { kind: K }> {
  expect(answer.kind, 'answer.kind').toBe(kind);
  return answer as Extract<Answer, { kind: K }>;
}

describe('given answerIntent, lookups: order status comes from the order table', () => {
  it('finds the order and says its status', () => {
    const answer = as(answerIntent({ kind: 'order_status', orderId: 'A-1042' }, shop, march10), 'order_status');
    expect(answer.order).toEqual(shop.orders.find((o) => o.id === 'A-1042'));
    expect(answer.text).toContain('A-1042');
    expect(answer.text).toContain('shipped');
  });

  it('reads the table it is given, not a built-in one', () => {
    const data = customFixtures({ orders: [order({ id: 'Q-0002', status: 'cancelled', deliveredAt: null })] });
    const answer = as(answerIntent({ kind: 'order_status', orderId: 'Q-0002' }, data, march10), 'order_status');
    expect(answer.order?.status).toBe('cancelled');
    expect(answer.text).toContain('cancelled');
  });

  it('answers an unknown order id plainly, naming it', () => {
    const answer = as(answerIntent({ kind: 'order_status', orderId: 'Z-9999' }, shop, march10), 'order_status');
    expect(answer.order).toBeNull();
    expect(answer.text).toContain('Z-9999');
  });
});

describe('given answerIntent, lookups: currency conversion uses the rate table', () => {
  const convert = (amount: number, from: string, to: string, data = shop) =>
    as(answerIntent({ kind: 'convert_currency', amount, from, to }, data, march10), 'convert_currency');

  it('converts from the base currency', () => {
    expect(convert(30, 'EUR', 'USD').result).toBe(32.4);
  });

  it('converts between two non-base currencies through the base, rounded to 2 decimals', () => {
    expect(convert(100, 'USD', 'GBP').result).toBe(77.78);
  });

  it('uses the rates it is given', () => {
    expect(convert(30, 'USD', 'GBP', customFixtures()).result).toBe(7.5);
    expect(convert(1, 'NOK', 'EUR', customFixtures()).result).toBe(0.33);
  });

  it('says which currency it does not know instead of guessing', () => {
    const answer = convert(30, 'EUR', 'XYZ');
    expect(answer.result).toBeNull();
    expect(answer.text).toContain('XYZ');
  });
});

describe('given answerIntent, rules: password reset links come from the policy', () => {
  it('returns the policy link', () => {
    const answer = as(answerIntent({ kind: 'password_reset' }, shop, march10), 'password_reset');
    expect(answer.url).toBe(shop.policy.passwordResetUrl);
    expect(answer.text).toContain(shop.policy.passwordResetUrl);
  });

  it('follows a policy change without a code change', () => {
    const data = customFixtures();
    const answer = as(answerIntent({ kind: 'password_reset' }, data, march10), 'password_reset');
    expect(answer.url).toBe('https://shop.test/reset?from=tests');
    expect(answer.text).toContain('https://shop.test/reset?from=tests');
  });
});

describe('given answerIntent, rules: return eligibility follows the policy and the clock', () => {
  const ask = (orderId: string, data = customFixtures(), now = march10) =>
    as(answerIntent({ kind: 'return_eligibility', orderId } satisfies Intent, data, now), 'return_eligibility');

  it('is eligible up to and including the last day of the window', () => {
    // Delivered 2025-03-01 with a 30-day window: the last day is 2025-03-31.
    const answer = ask('Q-0001', customFixtures(), new Date('2025-03-31T23:30:00Z'));
    expect(answer).toMatchObject({ eligible: true, reason: 'within_window', deadline: '2025-03-31' });
    expect(answer.text).toContain('2025-03-31');
  });

  it('is not eligible the day after', () => {
    const answer = ask('Q-0001', customFixtures(), new Date('2025-04-01T00:00:00Z'));
    expect(answer).toMatchObject({ eligible: false, reason: 'window_closed', deadline: '2025-03-31' });
  });

  it('takes the window length from the policy', () => {
    const data = customFixtures({ policy: { ...customFixtures().policy, returnWindowDays: 7 } });
    const answer = ask('Q-0001', data, march10);
    expect(answer).toMatchObject({ eligible: false, reason: 'window_closed', deadline: '2025-03-08' });
  });

  it('refuses final-sale orders, even before delivery', () => {
    const data = customFixtures({
      orders: [
        order({ id: 'Q-0003', finalSale: true }),
        order({ id: 'Q-0004', finalSale: true, status: 'shipped', deliveredAt: null }),
      ],
    });
    expect(ask('Q-0003', data)).toMatchObject({ eligible: false, reason: 'final_sale', deadline: null });
    expect(ask('Q-0004', data)).toMatchObject({ eligible: false, reason: 'final_sale', deadline: null });
  });

  it('has nothing to return before delivery', () => {
    const data = customFixtures({ orders: [order({ id: 'Q-0005', status: 'shipped', deliveredAt: null })] });
    expect(ask('Q-0005', data)).toMatchObject({ eligible: false, reason: 'not_delivered', deadline: null });
  });

  it('says so when the order does not exist', () => {
    const answer = ask('Z-9999');
    expect(answer).toMatchObject({ eligible: false, reason: 'unknown_order', deadline: null });
    expect(answer.text).toContain('Z-9999');
  });

  it('answers from the shop data', () => {
    // A-1043 was delivered on 2025-02-14; 30 days later is 2025-03-16.
    expect(ask('A-1043', shop)).toMatchObject({ eligible: true, reason: 'within_window', deadline: '2025-03-16' });
    expect(ask('B-2001', shop)).toMatchObject({ eligible: false, reason: 'final_sale' });
  });
});
