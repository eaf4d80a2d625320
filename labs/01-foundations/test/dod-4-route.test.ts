import { InvalidRequestError } from '@lab/errors.ts';
import { createSupportDesk } from '@lab/handler.ts';
import type { HandlerResult } from '@lab/types.ts';
import { isProviderError, OfflineChatModel } from '@workshop/llm';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';
import { clockAt, countingModel, emulatedModel, triage, triageJson, wireMessages, wireText } from './support.ts';

const network = useMockNetwork();
const desk = () => createSupportDesk({ model: emulatedModel(), now: clockAt('2025-03-10T12:00:00Z') });

/** Narrows a result to a route, failing with a readable message otherwise. */
function route<R extends HandlerResult['route']>(result: HandlerResult, expected: R) {
  expect(result.route, 'result.route').toBe(expected);
  return result as Extract<HandlerResult, { route: R }>;
}

const FREE_FORM = 'The parcel arrived damaged and I want my money back, the box was completely soaked';

describe('DoD-4 routing: plain code answers what it can, with zero model calls', () => {
  it.each([
    ['What is the status of order A-1042?', 'order_status'],
    ['convert 30 EUR to USD', 'convert_currency'],
    ['reset my password', 'password_reset'],
    ['Can I still return order A-1043?', 'return_eligibility'],
    ['Where is order Z-9999?', 'order_status'],
  ])('%j is answered deterministically and never reaches the model API', async (text, kind) => {
    const result = route(await desk().handle(text), 'deterministic');
    expect(result.answer.kind).toBe(kind);
    expect(network.openai.chatRequests).toHaveLength(0);
    expect(network.requests).toHaveLength(0);
  });

  it('answers from the shop fixtures', async () => {
    const result = route(await desk().handle('convert 30 EUR to USD'), 'deterministic');
    expect(result.answer).toMatchObject({ kind: 'convert_currency', result: 32.4 });
  });
});

describe('DoD-4 routing: everything else goes to the model, once, for a validated triage', () => {
  it('sends a free-form request to the model and returns its triage', async () => {
    network.openai.script({ content: triageJson() });
    const result = route(await desk().handle(FREE_FORM), 'model');
    expect(result.triage).toEqual(triage());
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('sends the customer text as a user message, after a system prompt', async () => {
    network.openai.script({ content: triageJson() });
    await desk().handle(FREE_FORM);
    const messages = wireMessages(network.openai.chatRequests[0]);
    expect(messages[0]?.role).toBe('system');
    expect(messages.some((m) => m.role === 'user' && wireText(m).includes(FREE_FORM))).toBe(true);
  });

  it('asks the API for structured JSON output with the triage schema', async () => {
    network.openai.script({ content: triageJson() });
    await desk().handle(FREE_FORM);
    const format = network.openai.chatRequests[0]?.response_format as
      | { type?: string; json_schema?: { schema?: { properties?: Record<string, unknown> } } }
      | undefined;
    expect(format?.type).toBe('json_schema');
    expect(Object.keys(format?.json_schema?.schema?.properties ?? {}).sort()).toEqual([
      'category',
      'needs_human',
      'order_id',
      'priority',
      'summary',
    ]);
  });

  it('sends a complaint that mentions an order id to the model too', async () => {
    network.openai.script({ content: triageJson({ category: 'damaged_item', order_id: 'A-1042' }) });
    const result = route(await desk().handle('Order A-1042 arrived damaged'), 'model');
    expect(result.triage.order_id).toBe('A-1042');
    expect(network.openai.chatRequests).toHaveLength(1);
  });

  it('rejects an empty request with a clear error, before any model call', async () => {
    await expect(desk().handle('   ')).rejects.toThrow(InvalidRequestError);
    await expect(desk().handle('')).rejects.toThrow(/empty/);
    expect(network.requests).toHaveLength(0);
  });

  it('rejects an overlong request, naming the limit, before any model call', async () => {
    await expect(desk().handle(`refund ${'please '.repeat(1000)}`)).rejects.toThrow(/too long.*4000/);
    expect(network.requests).toHaveLength(0);
  });
});

describe('DoD-4 routing on the embedded offline model (no key, no network)', () => {
  it('answers deterministic requests without calling the model', async () => {
    const model = countingModel(new OfflineChatModel());
    const offlineDesk = createSupportDesk({ model, now: clockAt('2025-03-10T12:00:00Z') });
    const status = route(await offlineDesk.handle('What is the status of order A-1044?'), 'deterministic');
    expect(status.answer).toMatchObject({ kind: 'order_status', order: { status: 'processing' } });
    route(await offlineDesk.handle('I forgot my password'), 'deterministic');
    expect(model.calls).toBe(0);
  });

  it('passes the provider refusal through for free-form requests (the simulator cannot produce JSON)', async () => {
    const model = countingModel(new OfflineChatModel());
    const error = await createSupportDesk({ model })
      .handle(FREE_FORM)
      .catch((e: unknown) => e);
    expect(isProviderError(error), String(error)).toBe(true);
    expect(model.calls).toBe(1); // a provider error is not an invalid output: no repair
  });
});
