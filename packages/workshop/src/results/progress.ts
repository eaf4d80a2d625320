import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabResult } from './schema.ts';

/**
 * Progress persisted between runs, always derived from test results (never toggled by hand).
 * Lives in `.workshop/progress.json` at the repository root (git-ignored).
 */
export interface Progress {
  version: 1;
  /** Last result per lab id, against the participant's code (`--target labs`). */
  labs: Record<string, LabResult & { checkedAt: string }>;
}

export function progressFile(root: string): string {
  return path.join(root, '.workshop', 'progress.json');
}

/** Reads saved progress; a missing or unreadable file means no progress yet. */
export async function readProgress(root: string): Promise<Progress> {
  try {
    const data = JSON.parse(await readFile(progressFile(root), 'utf8')) as Progress;
    if (data.version === 1 && data.labs && typeof data.labs === 'object') return data;
  } catch {
    // First run, or a damaged file: start from no progress; the next verify rewrites it.
  }
  return { version: 1, labs: {} };
}

/** Merges fresh results into the saved progress (atomically: write a temp file, then rename). */
export async function saveProgress(root: string, results: LabResult[], now = new Date()): Promise<Progress> {
  const progress = await readProgress(root);
  for (const result of results) progress.labs[result.id] = { ...result, checkedAt: now.toISOString() };
  const file = progressFile(root);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(progress, null, 2)}\n`);
  await rename(temp, file);
  return progress;
}
