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
  const schema = options.schema instanceof z.ZodType ? options.schema : z.fromJSONSchema(options.schema);
  return {
    name: options.name ?? 'json-schema',
    async score({ output }) {
      let json: unknown;
      try {
        json = JSON.parse(output);
      } catch {
        return { score: 0, passed: false, detail: `output is not JSON: ${output.slice(0, 60)}` };
      }
      const result = schema.safeParse(json);
      if (result.success) return { score: 1, passed: true, detail: '' };
      const issue = result.error.issues[0];
      return { score: 0, passed: false, detail: `${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
    },
  };
}
