/**
 * `describeLive()`: a suite that runs against a live service only when its env variable is
 * set. Otherwise the suite is registered as skipped, with the reason in its name, and a
 * one-line notice goes to stderr so the skip is visible in the run's output.
 */
import { describe } from 'vitest';

const noticed = new Set<string>();

/** Runs `fn` as `describe(name, fn)` when `process.env[envVar]` is set; otherwise skips it visibly. */
export function describeLive(envVar: string, name: string, fn: () => void): void {
  const value = process.env[envVar];
  if (value !== undefined && value.trim() !== '') {
    describe(name, fn);
    return;
  }
  const reason = `skipped: set ${envVar} to run against a live service`;
  if (!noticed.has(envVar)) {
    noticed.add(envVar);
    process.stderr.write(`[testkit] live tests "${name}" ${reason}\n`);
  }
  describe.skip(`${name} (${reason})`, fn);
}
