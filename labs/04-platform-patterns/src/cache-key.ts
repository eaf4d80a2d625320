/**
 * The exact-match cache key: a hash of the request in a canonical form, so requests that mean
 * the same thing to the model share a key and requests that differ in anything the model sees
 * do not.
 */
import type { ChatRequest } from '@workshop/llm';

/**
 * SHA-256 (hex) of the model id, the scope, and the request's messages and parameters.
 * - Property order, `undefined` fields and Unicode composition (NFC) do not change the key.
 * - `signal` is ignored: aborting is not part of what the model is asked.
 * - zod schemas (tools, JSON output) are keyed by their JSON Schema.
 * - `scope` separates callers that must never share answers (a tenant, a user).
 */
export function requestCacheKey(modelId: string, request: ChatRequest, scope = ''): string {
  // TODO 1: build one object from modelId, scope and the request WITHOUT `signal`; replace zod
  //   schemas (tools[].inputSchema, responseFormat.schema) by `z.toJSONSchema(schema)`.
  // TODO 2: serialise it with `canonicalJson` and hash it:
  //   createHash('sha256').update(json).digest('hex')  (from 'node:crypto').
  void modelId;
  void request;
  void scope;
  throw new Error('TODO: requestCacheKey — hash the canonical form of the request');
}

/** JSON with sorted keys, no `undefined` members and NFC-normalised strings. */
export function canonicalJson(value: unknown): string {
  // TODO: walk the value: strings → `.normalize('NFC')`; arrays → map; objects → drop members
  //   that are undefined and sort the keys; then JSON.stringify the result.
  void value;
  throw new Error('TODO: canonicalJson — sorted keys, no undefined, NFC strings');
}
