/** Types of runtime.mjs (plain JavaScript so that it runs on any Node before the workshop's own). */
export interface PackageJsonLike {
  engines?: { node?: string };
  packageManager?: string;
}
export function parseVersion(version: string): [number, number, number];
export function atLeast(version: string, minimum: string): boolean;
export function requiredNode(packageJson: PackageJsonLike): string;
export function pinnedPnpm(packageJson: PackageJsonLike): string;
export const NODE_FIX: string;
export function nodePackageName(platform: string, arch: string): string;
export function nodeRange(minimum: string, recommendedMajor: string | number): string;
export function nodeTooOld(found: string, minimum: string): string | undefined;
