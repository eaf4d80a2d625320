import type { PromptParameters } from './front-matter.ts';
import type { MessageTemplate } from './template.ts';
import type { VariableDecl } from './variables.ts';

// TODO: add the imports your code needs, e.g.:
//   import { createHash } from 'node:crypto';
//   import { valid as validSemver } from 'semver';
//   import { PromptFileError } from './errors.ts';
//   import { FrontMatterSchema, issueField, issueProblem, splitFrontMatter } from './front-matter.ts';
//   import { placeholders, splitMessages } from './template.ts';

/** One version of one prompt, loaded from a file and validated. Immutable once labelled. */
export interface PromptDefinition {
  /** Stable id shared by all versions, e.g. `support-reply`. */
  id: string;
  /** Semantic version, e.g. `1.1.0`. */
  version: string;
  /** What the prompt is for. */
  description?: string;
  /** Model id the prompt was written and evaluated for. */
  model: string;
  /** Sampling parameters pinned with this version. */
  parameters: PromptParameters;
  /** Declared variables, keyed by name. */
  variables: Record<string, VariableDecl>;
  /** The template body as written (line endings normalised, trimmed). */
  template: string;
  /** The template split into chat messages. */
  messages: MessageTemplate[];
  /** `sha256:<hex>` over everything that changes what the model receives. */
  hash: string;
  /** Path the prompt was loaded from. */
  file: string;
}

/**
 * Parses and validates one prompt file. Every problem is a `PromptFileError` naming the file
 * and the field: bad YAML, an unknown or missing field, a version that is not semver, an
 * unknown variable type, a placeholder that is not declared or a declared variable the
 * template never uses.
 */
export function parsePromptFile(file: string, text: string): PromptDefinition {
  // TODO: parse and validate one prompt file; every problem is a PromptFileError(file, field, problem).
  // 1. Normalise line endings (\r\n -> \n), then `splitFrontMatter(file, text)` -> { data, body }.
  // 2. `FrontMatterSchema.safeParse(data)`; on failure throw a PromptFileError for the FIRST issue,
  //    with `issueField(issue)` as the field (e.g. `variables.received_at.type`) and `issueProblem(issue)`.
  // 3. The version must be exact semver: `valid(version) === version` from the `semver` package
  //    (field `version`; "v1.2" and "^1.0.0" are not versions).
  // 4. template = body.trim(); messages = splitMessages(file, template).
  // 5. Every placeholder (`placeholders(file, m.template)` per message) must be declared in
  //    `variables` (field `template`, name the placeholder), and every declared variable must be used
  //    (field `variables.<name>`).
  // 6. Return the PromptDefinition with hash = contentHash({ id, version, model, parameters, variables, template }).
  throw new Error(
    `TODO: parsePromptFile(${file}, ${text.length} chars) — validate the front-matter and template, compute the hash`,
  );
}

/** What the content hash covers: everything that changes the request sent to the model. */
export interface HashedContent {
  id: string;
  version: string;
  model: string;
  parameters: PromptParameters;
  variables: Record<string, VariableDecl>;
  template: string;
}

/**
 * `sha256:<hex>` of the canonical JSON (keys sorted at every level) of the hashed content.
 * Canonical JSON makes the hash independent of YAML formatting, comments and key order, and
 * the description is left out on purpose: fixing a typo in it does not change the prompt.
 */
export function contentHash(content: HashedContent): string {
  // TODO: return `sha256:` + the hex SHA-256 (node:crypto `createHash`) of `canonicalJson(content)`.
  throw new Error(
    `TODO: contentHash(${content.id}@${content.version}) — sha256 over the canonical JSON of the content`,
  );
}

/** JSON with object keys sorted recursively; `undefined` fields are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
