import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** The lab's fixtures folder. */
export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
/** 38 rows of deepset/prompt-injections as eval cases. */
export const INJECTION_DATASET = path.join(FIXTURES, 'injection.jsonl');
/** Four support tickets for lab 05's `support-reply` prompt. */
export const SUPPORT_DATASET = path.join(FIXTURES, 'support-tickets.jsonl');
/** Lab 05's prompt repository, reused as is. */
export const PROMPTS_DIR = path.resolve(import.meta.dirname, '..', '..', '05-prompt-engineering', 'prompts');
/** A suite module for the CLI (a keyword baseline detector). */
export const KEYWORD_SUITE = path.join(import.meta.dirname, 'fixtures', 'keyword.suite.ts');

const tmpDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lab12-'));
  tmpDirs.push(dir);
  return dir;
}

/** A clock for latencies that moves 10 ms per reading: latencies are deterministic. */
export function steppingClock(stepMs = 10): () => number {
  let t = 0;
  return () => {
    t += stepMs;
    return t;
  };
}
