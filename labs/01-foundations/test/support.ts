/**
 * Test helpers (not a test file). The model is the real `openai` client behind
 * `OpenAIChatModel`, talking to testkit's emulated OpenAI API: nothing in the code under
 * test is replaced, and "model calls" are requests that reached the emulated endpoint.
 */

import type { Fixtures, Order, Triage } from '@lab/types.ts';
import { type ChatModel, OpenAIChatModel } from '@workshop/llm';

/** A chat model on the emulated OpenAI API (the testkit serves `https://api.openai.com/v1`). */
export function emulatedModel(): ChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-not-a-real-key', model: 'gpt-4o-mini' });
}

/** A valid triage, with overrides. */
export function triage(overrides: Partial<Triage> = {}): Triage {
  return {
    category: 'damaged_item',
    priority: 'high',
    summary: 'Parcel arrived soaked and damaged; customer wants a refund.',
    needs_human: true,
    order_id: null,
    ...overrides,
  };
}

/** The same, as the JSON text a model would send. */
export function triageJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...triage(), ...overrides });
}

/** A delivered, returnable order, with overrides. */
export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'Q-0001',
    status: 'delivered',
    carrier: 'Parcel Hare',
    placedAt: '2025-02-25',
    deliveredAt: '2025-03-01',
    items: ['Trekking poles'],
    finalSale: false,
    ...overrides,
  };
}

/** A small, made-up data set, so the tests prove the code reads the tables it is given. */
export function customFixtures(overrides: Partial<Fixtures> = {}): Fixtures {
  return {
    orders: [order()],
    rates: { base: 'EUR', asOf: '2030-01-01', rates: { EUR: 1, USD: 2, GBP: 0.5, NOK: 3 } },
    policy: {
      returnWindowDays: 30,
      passwordResetUrl: 'https://shop.test/reset?from=tests',
      supportEmail: 'humans@shop.test',
    },
    ...overrides,
  };
}

/** A fixed clock: the return window depends on "today". */
export function clockAt(iso: string): () => Date {
  return () => new Date(iso);
}

/** Text content of a recorded OpenAI wire message. */
export function wireText(message: unknown): string {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('\n');
  return '';
}

/** The `messages` array of a recorded chat request body. */
export function wireMessages(body: Record<string, unknown> | undefined): { role: string; content?: unknown }[] {
  const messages = body?.messages;
  if (!Array.isArray(messages)) throw new Error('the recorded chat request has no messages array');
  return messages as { role: string; content?: unknown }[];
}
