import { z } from 'zod';

/** A JSON Schema object as providers accept it. */
export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema for a zod schema, as providers want it: the `$schema` dialect marker is
 * dropped because some OpenAI-compatible servers reject unknown top-level keys.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as JsonSchema;
  return rest;
}

/**
 * Whether OpenAI's strict structured output accepts this schema: every object lists all
 * its properties as required and forbids additional ones (optional fields must be
 * nullable instead). When it does not, we send `strict: false` rather than a 400.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (schema === null || typeof schema !== 'object') return true;
  const node = schema as JsonSchema;
  if (node.type === 'object' || node.properties !== undefined) {
    const properties = (node.properties ?? {}) as JsonSchema;
    const required = new Set((node.required as string[] | undefined) ?? []);
    if (node.additionalProperties !== false) return false;
    if (!Object.keys(properties).every((key) => required.has(key))) return false;
  }
  return Object.values(node).every(isStrictCompatible);
}
