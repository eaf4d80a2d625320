import { PromptFileError } from './errors.ts';
import { VARIABLE_NAME } from './variables.ts';

/**
 * The template language: plain text with `{{name}}` placeholders, split into chat messages
 * by lines that are exactly `[system]`, `[user]` or `[assistant]`. Deliberately no logic
 * (no loops, no conditionals, no escaping): a prompt is reviewed as text, and anything that
 * needs logic belongs in code that computes a variable. That is why we do not use Handlebars
 * or Mustache — both render a missing variable as an empty string, exactly the silent hole we
 * want to be an error, and Handlebars HTML-escapes by default.
 */

/** Chat roles a template section can have. */
export type TemplateRole = 'system' | 'user' | 'assistant';

/** One message of a template, before rendering. */
export interface MessageTemplate {
  /** Who speaks. */
  role: TemplateRole;
  /** Text with `{{name}}` placeholders. */
  template: string;
}

const ROLE_LINE = /^\[(system|user|assistant)\][ \t]*$/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * Splits a template body into messages at `[role]` lines. A body without role lines is one
 * user message. Text before the first role line is an error (it would belong to no one).
 */
export function splitMessages(file: string, body: string): MessageTemplate[] {
  const lines = body.split('\n');
  const messages: MessageTemplate[] = [];
  let current: { role: TemplateRole; lines: string[] } | undefined;
  const preamble: string[] = [];
  for (const line of lines) {
    const role = ROLE_LINE.exec(line)?.[1] as TemplateRole | undefined;
    if (role) {
      if (current) messages.push({ role: current.role, template: current.lines.join('\n').trim() });
      current = { role, lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else {
      preamble.push(line);
    }
  }
  if (current) messages.push({ role: current.role, template: current.lines.join('\n').trim() });
  const before = preamble.join('\n').trim();
  if (messages.length === 0) {
    if (before === '') throw new PromptFileError(file, 'template', 'is empty');
    return [{ role: 'user', template: before }];
  }
  if (before !== '') {
    throw new PromptFileError(file, 'template', 'has text before the first [system]/[user]/[assistant] line');
  }
  const empty = messages.findIndex((m) => m.template === '');
  if (empty >= 0)
    throw new PromptFileError(file, 'template', `section ${empty + 1} ([${messages[empty]?.role}]) is empty`);
  return messages;
}

/** Every placeholder name used in a template, in order of first use. Malformed ones are errors. */
export function placeholders(file: string, template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? '').trim();
    if (!VARIABLE_NAME.test(name)) {
      throw new PromptFileError(file, 'template', `invalid placeholder "${match[0]}" (expected {{variable_name}})`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Replaces every `{{name}}` with its value. The caller has checked that all names are present. */
export function interpolate(template: string, values: Record<string, string | number | boolean>): string {
  return template.replace(PLACEHOLDER, (_, raw: string) => {
    const value = values[raw.trim()];
    if (value === undefined) throw new Error(`interpolate: no value for {{${raw.trim()}}}`);
    return String(value);
  });
}
