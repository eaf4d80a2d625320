import type { EvalCase, Score, Scorer } from '../types.ts';

/** Options shared by the text scorers. */
export interface TextScorerOptions {
  /** Scorer name in the report. */
  name?: string;
  /** Compare case-insensitively. Default false. */
  ignoreCase?: boolean;
}

const pass = (detail = ''): Score => ({ score: 1, passed: true, detail });
const fail = (detail: string): Score => ({ score: 0, passed: false, detail });

/** The case's reference as text; a scorer that needs one fails when it is missing. */
function referenceText(evalCase: EvalCase): string | undefined {
  if (evalCase.expected === undefined || evalCase.expected === null) return undefined;
  return typeof evalCase.expected === 'string' ? evalCase.expected : JSON.stringify(evalCase.expected);
}

/**
 * The output equals the case's `expected` after trimming (and lower-casing with `ignoreCase`).
 * Non-string references are compared with their JSON text.
 */
export function exactMatch(options: TextScorerOptions = {}): Scorer {
  const fold = (s: string) => (options.ignoreCase ? s.trim().toLowerCase() : s.trim());
  return {
    name: options.name ?? 'exact',
    async score({ case: evalCase, output }) {
      const expected = referenceText(evalCase);
      if (expected === undefined) return fail(`case ${evalCase.id} has no expected value`);
      return fold(output) === fold(expected) ? pass() : fail(`expected "${expected}", got "${output.slice(0, 80)}"`);
    },
  };
}

/** Options of `contains`. */
export interface ContainsOptions extends TextScorerOptions {
  /** Substrings that must all appear. Default: the case's `expected` (a string or a string array). */
  values?: string[];
}

/** Every one of the values (or of the case's expected strings) appears in the output. */
export function contains(options: ContainsOptions = {}): Scorer {
  const fold = (s: string) => (options.ignoreCase ? s.toLowerCase() : s);
  return {
    name: options.name ?? 'contains',
    async score({ case: evalCase, output }) {
      const expected = evalCase.expected;
      const values =
        options.values ??
        (Array.isArray(expected) ? expected.map(String) : typeof expected === 'string' ? [expected] : undefined);
      if (!values || values.length === 0) return fail(`case ${evalCase.id} has nothing to look for`);
      const missing = values.filter((v) => !fold(output).includes(fold(v)));
      const score = (values.length - missing.length) / values.length;
      return missing.length === 0
        ? pass()
        : { score, passed: false, detail: `missing ${missing.map((m) => `"${m}"`).join(', ')}` };
    },
  };
}

/** Options of `matchesRegex`. */
export interface RegexOptions {
  /** Scorer name in the report. */
  name?: string;
  /** The pattern; a string is compiled with `flags`. */
  pattern: RegExp | string;
  /** Flags for a string pattern, e.g. `i`. */
  flags?: string;
}

/** The output matches the pattern. */
export function matchesRegex(options: RegexOptions): Scorer {
  const regex = typeof options.pattern === 'string' ? new RegExp(options.pattern, options.flags) : options.pattern;
  return {
    name: options.name ?? `regex ${regex}`,
    async score({ output }) {
      // A global/sticky regex keeps lastIndex between calls; reset so every output is tested from 0.
      regex.lastIndex = 0;
      return regex.test(output) ? pass() : fail(`no match for ${regex}`);
    },
  };
}
