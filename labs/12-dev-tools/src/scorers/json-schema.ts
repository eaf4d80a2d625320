import { z } from 'zod';
import type { Scorer } from '../types.ts';

/** Options of `jsonSchemaValid`. */
export interface JsonSchemaOptions {
  /** Scorer name in the report. */
  name?: string;
  /** A JSON Schema (as in lab 05's golden files) or a zod schema. */
  schema: Record<string, unknown> | z.ZodType;
}

/**
 * The output parses as JSON and matches the schema. JSON Schema is converted with zod 4's
 * `z.fromJSONSchema` once, when the scorer is built, so a broken schema fails at setup and
 * not as a wall of failed cases. The detail names the first failing field.
 */
export function jsonSchemaValid(options: JsonSchemaOptions): Scorer {
  // TODO: build the zod schema ONCE, here: `options.schema instanceof z.ZodType ? options.schema
  //       : z.fromJSONSchema(options.schema)` (a broken schema then fails at setup, not per case).
  void z;
  return {
    name: options.name ?? 'json-schema',
    async score({ output }) {
      // TODO: JSON.parse the output; not JSON → { score: 0, passed: false, detail: 'output is not JSON: …' }.
      // TODO: `schema.safeParse(json)`: success → { score: 1, passed: true, detail: '' }; otherwise the
      //       detail names the first issue's field: `${issue.path.join('.') || '(root)'}: ${issue.message}`.
      void output;
      throw new Error('TODO: jsonSchemaValid — parse the output and validate it (DoD-3)');
    },
  };
}
