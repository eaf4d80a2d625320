import type { Scorer } from '../types.ts';

/** Options of `numericTolerance`. At least one tolerance; the output passes if within either. */
export interface NumericOptions {
  /** Scorer name in the report. */
  name?: string;
  /** Allowed absolute difference, e.g. 0.01 for cents. */
  absolute?: number;
  /** Allowed difference relative to the expected value, e.g. 0.02 for 2%. */
  relative?: number;
}

/** First number in a text: `-1,234.5`, `42`, `3e-2`. Thousands separators are dropped. */
const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?|-?\.\d+/i;

/** Reads the first number in the output; undefined when there is none. */
export function extractNumber(text: string): number | undefined {
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const value = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The first number in the output is within tolerance of the case's `expected` number:
 * `|actual - expected| <= max(absolute, relative * |expected|)`.
 */
export function numericTolerance(options: NumericOptions): Scorer {
  const absolute = options.absolute ?? 0;
  const relative = options.relative ?? 0;
  if (absolute < 0 || relative < 0 || (options.absolute === undefined && options.relative === undefined)) {
    throw new RangeError('numericTolerance needs a non-negative absolute or relative tolerance');
  }
  return {
    name: options.name ?? 'numeric',
    async score({ case: evalCase, output }) {
      const expected = typeof evalCase.expected === 'string' ? Number(evalCase.expected) : evalCase.expected;
      if (typeof expected !== 'number' || !Number.isFinite(expected)) {
        return { score: 0, passed: false, detail: `case ${evalCase.id} has no numeric expected value` };
      }
      const actual = extractNumber(output);
      if (actual === undefined) return { score: 0, passed: false, detail: 'no number in the output' };
      const allowed = Math.max(absolute, relative * Math.abs(expected));
      const difference = Math.abs(actual - expected);
      return difference <= allowed
        ? { score: 1, passed: true, detail: '' }
        : { score: 0, passed: false, detail: `${actual} is ${difference} from ${expected} (allowed ${allowed})` };
    },
  };
}
