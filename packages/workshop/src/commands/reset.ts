import { execFileSync } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WorkshopError } from '../errors.ts';
import { selectLabs } from '../labs/repo.ts';
import type { Context } from './context.ts';

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/**
 * The commit that holds the pristine starter: the upstream branch when there is one
 * (participants may commit their own work on top), else HEAD.
 */
function pristineRef(root: string): string {
  for (const ref of ['origin/HEAD', 'origin/main', 'HEAD']) {
    try {
      git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      return ref;
    } catch {
      // try the next candidate
    }
  }
  throw new WorkshopError('reset needs a git checkout of the workshop (no commit found to restore the starter from)');
}

/** `workshop reset <lab>`: backs up the participant's `src/`, then restores the starter. */
export async function resetCommand(context: Context, labId: string | undefined, now = new Date()): Promise<number> {
  if (!labId) throw new WorkshopError('reset needs a lab id, e.g. `workshop reset 01-foundations`');
  const [lab] = selectLabs(context.labs, [labId]);
  if (!lab) return 1;
  const src = path.join(lab.labDir, 'src');
  const relative = path.relative(context.root, src);
  const ref = pristineRef(context.root);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = path.join(context.root, '.workshop', 'backups', `${lab.id}-${stamp}`);
  await mkdir(backup, { recursive: true });
  await cp(src, path.join(backup, 'src'), { recursive: true });
  try {
    git(context.root, ['checkout', ref, '--', relative]);
  } catch {
    throw new WorkshopError(
      `could not restore ${relative} from ${ref}; your files are safe in ${path.relative(context.root, backup)}`,
    );
  }
  process.stdout.write(
    `Backed up ${relative} to ${path.relative(context.root, backup)}\nRestored the starter of ${lab.id} from ${ref}.\n`,
  );
  return 0;
}
