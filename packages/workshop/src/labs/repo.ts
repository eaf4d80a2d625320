import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { WorkshopError } from '../errors.ts';
import { loadManifest, type Manifest } from './manifest.ts';

/** A lab found in the repository. */
export interface Lab {
  /** Folder name, e.g. `01-foundations`; equals `manifest.id`. */
  id: string;
  manifest: Manifest;
  /** `labs/<id>`: the participant's folder (manifest, tests, starter). */
  labDir: string;
  /** `solutions/<id>`: the reference implementation. */
  solutionDir: string;
}

/** Walks up from `start` to the folder holding `pnpm-workspace.yaml`. */
export function findRepoRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml')) && existsSync(path.join(dir, 'labs'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new WorkshopError(
        'not inside the workshop repository (no pnpm-workspace.yaml with a labs/ folder above here)',
      );
    }
    dir = parent;
  }
}

/** Whether a lab folder name matches what a participant typed: full id, number or slug. */
export function matchesLabId(folder: string, wanted: string): boolean {
  return folder === wanted || folder.split('-')[0] === wanted.padStart(2, '0') || folder.slice(3) === wanted;
}

/**
 * Loads the labs under `labs/`, validated, in workshop order. With `only`, just the labs those
 * ids name are read, so a broken manifest elsewhere does not block work on another lab.
 */
export async function loadLabs(root: string, only: string[] = []): Promise<Lab[]> {
  const entries = await readdir(path.join(root, 'labs'), { withFileTypes: true });
  const labs: Lab[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^\d{2}-/.test(entry.name)) continue;
    if (only.length > 0 && !only.some((wanted) => matchesLabId(entry.name, wanted))) continue;
    const labDir = path.join(root, 'labs', entry.name);
    const manifestPath = path.join(labDir, 'lab.yaml');
    // A folder without a manifest is not a lab yet (work in progress); `check` reports it.
    if (!existsSync(manifestPath)) continue;
    const manifest = await loadManifest(manifestPath, path.relative(root, manifestPath));
    if (manifest.id !== entry.name) {
      throw new WorkshopError(`id: "${manifest.id}" must equal the folder name "${entry.name}"`, {
        file: path.relative(root, manifestPath),
      });
    }
    for (const [name, dataset] of Object.entries(manifest.datasets ?? {})) {
      for (const split of ['dev', 'test'] as const) {
        const file = path.join(labDir, dataset[split]);
        if (!existsSync(file)) {
          throw new WorkshopError(`missing: the ${split} split of dataset "${name}" in lab.yaml`, {
            file: path.relative(root, file),
          });
        }
      }
    }
    labs.push({ id: entry.name, manifest, labDir, solutionDir: path.join(root, 'solutions', entry.name) });
  }
  labs.sort((a, b) => a.manifest.order - b.manifest.order || a.id.localeCompare(b.id));
  return labs;
}

/** Folders under `labs/` that look like labs but have no `lab.yaml`. */
export async function labFoldersWithoutManifest(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, 'labs'), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .filter((entry) => !existsSync(path.join(root, 'labs', entry.name, 'lab.yaml')))
    .map((entry) => `labs/${entry.name}`);
}

/**
 * Finds labs by id. Accepts the full id (`01-foundations`), its number (`01`, `1`) or its slug
 * (`foundations`); an unknown id is an error that lists the known ones.
 */
export function selectLabs(labs: Lab[], ids: string[]): Lab[] {
  if (ids.length === 0) return labs;
  return ids.map((wanted) => {
    const found = labs.find(
      (lab) => lab.id === wanted || lab.id.split('-')[0] === wanted.padStart(2, '0') || lab.id.slice(3) === wanted,
    );
    if (!found) {
      throw new WorkshopError(`unknown lab "${wanted}"; known labs: ${labs.map((lab) => lab.id).join(', ')}`);
    }
    return found;
  });
}

/** Throws a one-line error when a lab has no reference solution folder. */
export function requireSolution(root: string, lab: Lab): void {
  if (!existsSync(path.join(lab.solutionDir, 'src'))) {
    throw new WorkshopError(`lab ${lab.id} has no solution (expected ${path.relative(root, lab.solutionDir)}/src)`);
  }
}
