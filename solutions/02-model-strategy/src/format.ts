/**
 * Formatting for people, deterministic across machines: no locale-dependent
 * `toLocaleString`, so the same inputs give byte-identical decision records.
 */

/** A fraction as a percentage with one decimal: 0.9166 → `91.7%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Milliseconds rounded to whole ms: 312.4 → `312 ms`. */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** US dollars with enough digits for per-call amounts: `$0.0000280`, `$1.2500`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toPrecision(3)}`;
}

/** A whole number with `,` thousands separators: 128000 → `128,000`. */
export function formatInteger(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
