import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  generateObject,
  isStructuredOutputError,
  StructuredOutputError,
} from '../src/index.ts';

/** A model that returns fixed text and records the request, to test generateObject in isolation. */
function modelSaying(text: string): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  const respond = (request: ChatRequest): ChatResponse => {
    requests.push(request);
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
    return {
      text,
      toolCalls: [],
      finishReason: 'stop',
      usage,
      cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: false },
      provider: 'test',
      model: 'test',
      latencyMs: 1,
      timeToFirstTokenMs: 1,
      message: { role: 'assistant', content: text },
    };
  };
  return {
    provider: 'test',
    modelId: 'test',
    capabilities: { streaming: false, tools: false, jsonOutput: true, vision: false },
    requests,
    generate: async (request) => respond(request),
    async *stream(request) {
      yield { type: 'finish', response: respond(request) };
    },
  };
}

const Invoice = z.object({ customer: z.string(), amount: z.number().positive(), currency: z.enum(['EUR', 'USD']) });
const messages = [{ role: 'user' as const, content: 'Extract the invoice as JSON.' }];

describe('generateObject', () => {
  it('asks for JSON with the schema and returns the validated object', async () => {
    const model = modelSaying('{"customer":"ACME","amount":120.5,"currency":"EUR"}');
    const { object, response } = await generateObject(model, { messages, schemaName: 'invoice' }, Invoice);
    expect(object).toEqual({ customer: 'ACME', amount: 120.5, currency: 'EUR' });
    expect(response.usage.totalTokens).toBe(15);
    expect(model.requests[0]?.responseFormat).toEqual({ type: 'json', schema: Invoice, name: 'invoice' });
  });

  it('accepts JSON wrapped in one Markdown code fence', async () => {
    const model = modelSaying('```json\n{"customer":"ACME","amount":1,"currency":"USD"}\n```');
    await expect(generateObject(model, { messages }, Invoice)).resolves.toMatchObject({ object: { currency: 'USD' } });
  });

  it('throws StructuredOutputError with the raw text when the output is not JSON', async () => {
    const model = modelSaying('Sure! The customer is ACME.');
    const error = await generateObject(model, { messages }, Invoice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(isStructuredOutputError(error)).toBe(true);
    if (!isStructuredOutputError(error)) return;
    expect(error.reason).toBe('not_json');
    expect(error.text).toBe('Sure! The customer is ACME.');
    expect(error.message).toMatch(/^Model output is not JSON: /);
  });

  it('throws StructuredOutputError naming the first bad field when the schema fails', async () => {
    const model = modelSaying('{"customer":"ACME","amount":-5,"currency":"GBP"}');
    const error = await generateObject(model, { messages }, Invoice).catch((e: unknown) => e);
    if (!isStructuredOutputError(error)) throw new Error('expected a StructuredOutputError');
    expect(error.reason).toBe('schema_mismatch');
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(['amount', 'currency']);
    expect(error.message).toMatch(/^Model output does not match the schema at amount: .+\(\+1 more\)$/);
    expect(error.message).not.toContain('\n');
    expect(error.response.usage.totalTokens).toBe(15);
  });
});
