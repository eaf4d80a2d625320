/**
 * The demo corpus: the workshop's own lab briefs (`labs/<id>/README.md`), so the service can be
 * asked about the workshop itself. Given code: the same file in the starter and the solution.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceDocument } from '@workshop-solutions/09-rag';

/** The repository root (both `labs/13-capstone/src` and `solutions/13-capstone/src` are three levels down). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** This lab's folder: prompts and fixtures live there and serve both targets. */
export const LAB_DIR = path.join(REPO_ROOT, 'labs', '13-capstone');

/** The versioned prompts of the service. */
export const PROMPTS_DIR = path.join(LAB_DIR, 'prompts');

/** Every `labs/*\/README.md`, as documents named by their path, in lab order. */
export function loadWorkshopCorpus(root: string = REPO_ROOT): SourceDocument[] {
  const labs = path.join(root, 'labs');
  return readdirSync(labs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const file = path.join(labs, name, 'README.md');
      try {
        return [{ source: `labs/${name}/README.md`, text: readFileSync(file, 'utf8') }];
      } catch {
        return []; // a lab without a brief yet is not an error for the demo
      }
    });
}

/** Markdown files of a folder as documents (the tests' small fixed corpus). */
export function loadMarkdownDir(dir: string): SourceDocument[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => ({ source: name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * The corpus `pnpm start` serves: the Markdown notes of `CAPSTONE_CORPUS_DIR` when it is set (a
 * team's own documents, or a fixed set for tests that must not change when a brief is edited),
 * else the workshop's lab briefs. A folder that is missing or holds no notes is one clear error.
 */
export function corpusFromEnv(env: NodeJS.ProcessEnv): SourceDocument[] {
  const dir = env.CAPSTONE_CORPUS_DIR?.trim();
  if (!dir) return loadWorkshopCorpus();
  if (!existsSync(dir)) throw new Error(`CAPSTONE_CORPUS_DIR: ${dir} does not exist`);
  const documents = loadMarkdownDir(dir);
  if (documents.length === 0) throw new Error(`CAPSTONE_CORPUS_DIR: ${dir} holds no .md notes (README.md is skipped)`);
  return documents;
}
