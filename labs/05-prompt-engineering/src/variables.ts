import { z } from 'zod';

/**
 * The variable schema a prompt file declares in its front-matter, and its mapping to zod.
 *
 * Why a small declared-types vocabulary rather than raw JSON Schema: prompt authors read and
 * review these files, the five types below cover what a template can interpolate (text,
 * numbers, flags, a closed set of options), and a typo such as `type: strnig` gets an error
 * naming the field instead of a JSON Schema that silently accepts anything.
 */

/** Variable names usable as `{{name}}` in a template. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const common = {
  /** What the variable holds; for reviewers and generated docs. */
  description: z.string().optional(),
};

/** One declared variable. A variable with a `default` may be omitted when rendering. */
export const VariableDeclSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    ...common,
    minLength: z.int().nonnegative().optional(),
    maxLength: z.int().positive().optional(),
    default: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('number'),
    ...common,
    min: z.number().optional(),
    max: z.number().optional(),
    default: z.number().optional(),
  }),
  z.strictObject({
    type: z.literal('integer'),
    ...common,
    min: z.int().optional(),
    max: z.int().optional(),
    default: z.int().optional(),
  }),
  z.strictObject({ type: z.literal('boolean'), ...common, default: z.boolean().optional() }),
  z.strictObject({
    type: z.literal('enum'),
    ...common,
    values: z.array(z.string()).min(1),
    default: z.string().optional(),
  }),
]);

/** One declared variable, as parsed from front-matter. */
export type VariableDecl = z.infer<typeof VariableDeclSchema>;

/** The declared type names, for error messages. */
export const VARIABLE_TYPES = ['string', 'number', 'integer', 'boolean', 'enum'] as const;

/** A value a template can interpolate. */
export type VariableValue = string | number | boolean;

/** The zod schema of a whole set of variables: an object keyed by variable name. */
export type VariablesSchema = z.ZodType<Record<string, VariableValue>>;

/**
 * Turns declared variables into one strict zod object: a declared variable without a
 * default is required, a key that is not declared is rejected (so a caller that passes
 * `customerName` to a prompt that wants `customer_name` fails instead of rendering a hole).
 */
export function variablesSchema(decls: Record<string, VariableDecl>): VariablesSchema {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, decl] of Object.entries(decls)) {
    shape[name] = fieldSchema(decl);
  }
  return z.strictObject(shape) as unknown as VariablesSchema;
}

/** One declared variable as a zod schema. */
function fieldSchema(decl: VariableDecl): z.ZodType {
  switch (decl.type) {
    case 'string': {
      let s = z.string();
      if (decl.minLength !== undefined) s = s.min(decl.minLength);
      if (decl.maxLength !== undefined) s = s.max(decl.maxLength);
      return decl.default !== undefined ? s.default(decl.default) : s;
    }
    case 'number':
    case 'integer': {
      let n = decl.type === 'integer' ? z.int() : z.number();
      if (decl.min !== undefined) n = n.min(decl.min);
      if (decl.max !== undefined) n = n.max(decl.max);
      return decl.default !== undefined ? n.default(decl.default) : n;
    }
    case 'boolean':
      return decl.default !== undefined ? z.boolean().default(decl.default) : z.boolean();
    case 'enum': {
      const e = z.enum(decl.values as [string, ...string[]]);
      return decl.default !== undefined ? e.default(decl.default) : e;
    }
  }
}
