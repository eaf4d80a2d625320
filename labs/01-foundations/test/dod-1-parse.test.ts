import { parseRequest } from '@lab/parse.ts';
import type { Intent } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';

describe('DoD-1 deterministic parsing: requests plain code understands become typed intents', () => {
  const understood: [string, Intent][] = [
    ['What is the status of order A-1042?', { kind: 'order_status', orderId: 'A-1042' }],
    ["where's my order a-1043", { kind: 'order_status', orderId: 'A-1043' }],
    ['Track Z-0007 please', { kind: 'order_status', orderId: 'Z-0007' }],
    ['  Hi,   could you tell me the tracking for B-2002?  ', { kind: 'order_status', orderId: 'B-2002' }],
    ['Can I still return order A-1043?', { kind: 'return_eligibility', orderId: 'A-1043' }],
    ['I would like to send back order b-2001', { kind: 'return_eligibility', orderId: 'B-2001' }],
    ['convert 30 EUR to USD', { kind: 'convert_currency', amount: 30, from: 'EUR', to: 'USD' }],
    ['How much is 12.50 gbp in chf?', { kind: 'convert_currency', amount: 12.5, from: 'GBP', to: 'CHF' }],
    ['Please convert 7 SEK into JPY.', { kind: 'convert_currency', amount: 7, from: 'SEK', to: 'JPY' }],
    ['I forgot my password', { kind: 'password_reset' }],
    ['Please reset my password.', { kind: 'password_reset' }],
  ];

  it.each(understood)('understands %j', (text, intent) => {
    expect(parseRequest(text)).toEqual(intent);
  });
});

describe('DoD-1 deterministic parsing: anything plain code cannot be sure about returns null (goes to the model)', () => {
  const forTheModel: [string, string][] = [
    ['The parcel arrived damaged and I want my money back, the box was soaked', 'more than 12 words'],
    ['What is the status of order A-1042, I need the jacket for my trip on Friday', 'more than 12 words'],
    ['Where is order A-1042? It was due last week.', 'two sentences'],
    ["I can't reset my password", 'a negation: the customer already tried'],
    ['Track order A-1042 but ship it to my new address', 'a contrast: a second ask'],
    ['Where are orders A-1042 and A-1043?', 'two order ids'],
    ['Order A-1042 arrived damaged', 'an order id without a status or return ask'],
    ['Convert my loyalty points to cash', 'no amount and currency codes'],
    ['Do you sell gas canisters for camping stoves?', 'a question the rules do not cover'],
    ['', 'empty'],
    ['   ', 'only whitespace'],
  ];

  it.each(forTheModel)('returns null for %j (%s)', (text) => {
    expect(parseRequest(text)).toBeNull();
  });
});
