import { canonicalJson, sha256Hex } from '@workshop/kit';
import { valid as validSemver } from 'semver';
import { PromptFileError } from './errors.ts';
import {
  FrontMatterSchema,
  issueField,
  issueProblem,
  type PromptParameters,
  splitFrontMatter,
} from './front-matter.ts';
import { type MessageTemplate, placeholders, splitMessages } from './template.ts';
import type { VariableDecl } from './variables.ts';

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
  const normalised = text.replace(/\r\n/g, '\n');
  const { data, body } = splitFrontMatter(file, normalised);
  const parsed = FrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) throw new PromptFileError(file, 'front-matter', 'invalid');
    throw new PromptFileError(file, issueField(issue), issueProblem(issue));
  }
  const fm = parsed.data;
  // `valid` rejects ranges ("^1.0.0") and loose forms ("v1.0"): a version names one thing.
  if (validSemver(fm.version) !== fm.version) {
    throw new PromptFileError(file, 'version', `"${fm.version}" is not a semantic version (expected e.g. 1.2.0)`);
  }
  const template = body.trim();
  const messages = splitMessages(file, template);
  const used = messages.flatMap((m) => placeholders(file, m.template));
  for (const name of used) {
    if (!(name in fm.variables)) {
      throw new PromptFileError(file, 'template', `uses {{${name}}} but variables.${name} is not declared`);
    }
  }
  for (const name of Object.keys(fm.variables)) {
    if (!used.includes(name)) {
      throw new PromptFileError(file, `variables.${name}`, 'is declared but the template never uses it');
    }
  }
  const definition = {
    id: fm.id,
    version: fm.version,
    model: fm.model,
    parameters: fm.parameters,
    variables: fm.variables,
    template,
  };
  return {
    ...definition,
    ...(fm.description !== undefined ? { description: fm.description } : {}),
    messages,
    hash: contentHash(definition),
    file,
  };
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
  return `sha256:${sha256Hex(canonicalJson(content))}`;
}
