/**
 * The vendors' own schemas (trimmed copies in packages/testkit/spec), compiled with ajv so the
 * conformance suite can judge every emulated answer against them. OpenAPI 3.0 schema objects are
 * converted to JSON Schema by @openapi-contrib/openapi-schema-to-json-schema; the one idiom it
 * leaves open, Qdrant's `anyOf: [{ $ref }, { nullable: true }]`, is read as "or null".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

export type Vendor = 'openai' | 'qdrant' | 'ollama';

const FILES: Record<Vendor, string> = {
  openai: 'openai.openapi.yaml',
  qdrant: 'qdrant.openapi.json',
  ollama: 'ollama.openapi.yaml',
};

const specDir = path.resolve(import.meta.dirname, '../../spec');

type Json = Record<string, unknown>;

/** `{ nullable: true }` alone (no type, no ref) means "null" in OpenAPI 3.0; the converter would drop it to `{}`. */
function markLoneNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(markLoneNullables);
  if (typeof node !== 'object' || node === null) return node;
  const object = node as Json;
  const shapeKeys = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'properties', 'items', 'enum'];
  if (object.nullable === true && !shapeKeys.some((key) => key in object)) return { type: 'null' };
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, markLoneNullables(value)]));
}

/** Refs point into the vendor's document as registered with ajv (`qdrant#/components/schemas/X`). */
function qualifyRefs(node: unknown, vendor: Vendor): unknown {
  if (Array.isArray(node)) return node.map((item) => qualifyRefs(item, vendor));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${vendor}${value}`
        : qualifyRefs(value, vendor),
    ]),
  );
}

function toJsonSchema(schema: unknown, vendor: Vendor): Json {
  const converted = openapiSchemaToJsonSchema(markLoneNullables(schema) as never) as Json;
  delete converted.$schema;
  return qualifyRefs(converted, vendor) as Json;
}

const UNSIGNED_MAX: Record<string, number> = {
  uint: Number.MAX_SAFE_INTEGER,
  uint8: 255,
  uint32: 4_294_967_295,
  uint64: Number.MAX_SAFE_INTEGER,
};

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  for (const [format, max] of Object.entries(UNSIGNED_MAX)) {
    ajv.addFormat(format, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= max });
  }
  // OpenAPI's `binary` (uploads) never appears in the answers validated here.
  ajv.addFormat('binary', true);
  return ajv;
}

/** The vendors' schemas, compiled once per test file. */
export class VendorSpecs {
  private readonly ajv = createAjv();
  private readonly documents = new Map<Vendor, Json>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    for (const vendor of Object.keys(FILES) as Vendor[]) {
      const text = readFileSync(path.join(specDir, FILES[vendor]), 'utf8');
      const doc = (FILES[vendor].endsWith('.json') ? JSON.parse(text) : parse(text)) as Json;
      const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
      const converted = Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema, vendor)]),
      );
      this.ajv.addSchema({ $id: vendor, components: { schemas: converted } });
      this.documents.set(vendor, doc);
    }
  }

  /** The property names of `components.schemas[name]`, as the vendor wrote them. */
  propertiesOf(vendor: Vendor, name: string): string[] {
    const schemas = ((this.documents.get(vendor)?.components as Json | undefined)?.schemas ?? {}) as Json;
    return Object.keys(((schemas[name] as Json | undefined)?.properties ?? {}) as Json);
  }

  /** Errors of `value` against `components.schemas[name]`, one line each; empty when it conforms. */
  check(vendor: Vendor, name: string, value: unknown): string[] {
    const key = `${vendor}#${name}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${vendor}#/components/schemas/${name}` });
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : describe(validate.errors);
  }

  /**
   * Errors of a response body against what the spec declares for `method path` and `status`
   * (Qdrant: the `{ result, status, time }` envelope with the endpoint's result; `4XX`/`default`
   * for errors).
   */
  checkResponse(vendor: Vendor, method: string, route: string, status: number, value: unknown): string[] {
    const key = `${vendor}#${method} ${route} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const paths = (this.documents.get(vendor)?.paths ?? {}) as Json;
      const operation = ((paths[route] as Json | undefined)?.[method.toLowerCase()] ?? undefined) as Json | undefined;
      if (!operation) throw new Error(`${vendor} spec has no ${method} ${route}`);
      const responses = operation.responses as Json;
      const response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
        | Json
        | undefined;
      const content = (response?.content ?? {}) as Json;
      const schema = ((content['application/json'] ?? content['text/plain']) as Json | undefined)?.schema;
      if (!schema) throw new Error(`${vendor} spec declares no body for ${method} ${route} ${status}`);
      validate = this.ajv.compile(toJsonSchema(schema, vendor));
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : describe(validate.errors);
  }
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}
