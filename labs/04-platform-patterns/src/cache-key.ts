/**
 * The exact-match cache key: a hash of the request in a canonical form, so requests that mean
 * the same thing to the model share a key and requests that differ in anything the model sees
 * do not.
 */
import { createHash } from 'node:crypto';
import type { ChatRequest } from '@workshop/llm';
import { z } from 'zod';

/**
 * SHA-256 (hex) of the model id, the scope, and the request's messages and parameters.
 * - Property order, `undefined` fields and Unicode composition (NFC) do not change the key.
 * - `signal` is ignored: aborting is not part of what the model is asked.
 * - zod schemas (tools, JSON output) are keyed by their JSON Schema.
 * - `scope` separates callers that must never share answers (a tenant, a user).
 */
export function requestCacheKey(modelId: string, request: ChatRequest, scope = ''): string {
  const { signal: _signal, tools, responseFormat, ...rest } = request;
  const keyed = {
    modelId,
    scope,
    ...rest,
    tools: tools?.map((tool) => ({ ...tool, inputSchema: z.toJSONSchema(tool.inputSchema) })),
    responseFormat:
      responseFormat?.type === 'json' && responseFormat.schema
        ? { ...responseFormat, schema: z.toJSONSchema(responseFormat.schema) }
        : responseFormat,
  };
  return createHash('sha256').update(canonicalJson(keyed)).digest('hex');
}

/** JSON with sorted keys, no `undefined` members and NFC-normalised strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value));
}

function canonicalise(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalise(item)));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => [key, canonicalise(member)]);
    return Object.fromEntries(entries);
  }
  return value;
}
