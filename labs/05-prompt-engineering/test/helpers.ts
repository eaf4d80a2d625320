import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** The lab's prompt repository (read-only in tests: copy it before moving labels). */
export const PROMPTS_DIR = path.resolve(import.meta.dirname, '..', 'prompts');
/** Malformed prompt files, one problem each. */
export const MALFORMED_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'malformed');
/** The golden cases of `support-reply`. */
export const GOLDEN_FILE = path.join(PROMPTS_DIR, 'support-reply', 'golden.yaml');

const tmpDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh copy of the prompt repository in a temp dir, removed after the test. */
export async function copyPrompts(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lab05-prompts-'));
  tmpDirs.push(dir);
  await cp(PROMPTS_DIR, dir, { recursive: true });
  return dir;
}

/** A clock that starts at a fixed instant and moves one minute per call. */
export function steppingClock(start = '2025-03-01T09:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 60_000;
    return now;
  };
}
