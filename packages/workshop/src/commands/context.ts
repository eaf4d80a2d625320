import { WorkshopError } from '../errors.ts';
import { findRepoRoot, type Lab, loadLabs } from '../labs/repo.ts';
import type { Target } from '../results/schema.ts';

/** What every command starts from: the repository root and its validated labs. */
export interface Context {
  root: string;
  labs: Lab[];
}

/**
 * Finds the repository and loads its labs. With `only`, only those labs' manifests are read
 * (an unknown id still gets its one-line error from `selectLabs`).
 */
export async function loadContext(cwd = process.cwd(), only: string[] = []): Promise<Context> {
  const root = findRepoRoot(cwd);
  const labs = await loadLabs(root, only);
  // Unknown ids: load everything so the error can list the known labs.
  return { root, labs: labs.length > 0 || only.length === 0 ? labs : await loadLabs(root) };
}

export function parseTarget(value: string | undefined): Target {
  if (value === undefined || value === 'labs') return 'labs';
  if (value === 'solutions') return 'solutions';
  throw new WorkshopError(`--target must be "labs" or "solutions", got "${value}"`);
}
