import { WorkshopError } from '../errors.ts';
import { findRepoRoot, type Lab, loadLabs } from '../labs/repo.ts';
import type { Target } from '../results/schema.ts';

/** What every command starts from: the repository root and its validated labs. */
export interface Context {
  root: string;
  labs: Lab[];
}

export async function loadContext(cwd = process.cwd()): Promise<Context> {
  const root = findRepoRoot(cwd);
  return { root, labs: await loadLabs(root) };
}

export function parseTarget(value: string | undefined): Target {
  if (value === undefined || value === 'labs') return 'labs';
  if (value === 'solutions') return 'solutions';
  throw new WorkshopError(`--target must be "labs" or "solutions", got "${value}"`);
}
