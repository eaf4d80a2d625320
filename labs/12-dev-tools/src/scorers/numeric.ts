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
  // TODO: reject a policy without any tolerance, or with a negative one (RangeError), here at setup.
  return {
    name: options.name ?? 'numeric',
    async score({ case: evalCase, output }) {
      // TODO: the expected value is `evalCase.expected` (a numeric string counts: Number(it));
      //       not a finite number → fail with detail `case <id> has no numeric expected value`.
      // TODO: `extractNumber(output)`; undefined → fail with detail 'no number in the output'.
      // TODO: allowed = max(absolute ?? 0, relative ?? 0 * |expected|); pass (score 1) when
      //       |actual - expected| <= allowed, else score 0 with a detail giving actual, difference and allowed.
      void evalCase;
      void output;
      throw new Error('TODO: numericTolerance — compare the first number with a tolerance (DoD-3)');
    },
  };
}
