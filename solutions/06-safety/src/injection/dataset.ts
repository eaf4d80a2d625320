/**
 * Loads the labelled prompts of the lab (`labs/06-safety/fixtures/`) and makes folds for
 * cross-validation. Given code: identical in the starter and the solution.
 *
 * - `injections.{dev,test}.jsonl`: the deepset/prompt-injections train split (Apache-2.0), split
 *   80 / 20 by `solutions/06-safety/scripts/make-splits.ts`;
 * - `direct-requests.{dev,test}.jsonl`: ordinary requests written for this lab, all benign.
 *
 * Source code only ever reads the dev files; the DoD tests read the test files with `loadSplit`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { seededRandom, shuffled } from './random.ts';

/** Folder with the lab's data files (resolves from `labs/…/src` and `solutions/…/src` alike). */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'labs', '06-safety', 'fixtures');

/** One labelled prompt. */
export interface LabelledText {
  /** The prompt as a user (or an attacker) wrote it. */
  text: string;
  /** 1 = prompt injection, 0 = benign. */
  label: 0 | 1;
}

const Row = z.object({ text: z.string(), label: z.union([z.literal(0), z.literal(1)]) });

/** Reads a JSONL file of `{ text, label }` rows; a bad row is one line naming the file and line. */
export function loadInjectionRows(file: string = path.join(FIXTURES_DIR, 'deepset-train.jsonl')): LabelledText[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const rows: LabelledText[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = Row.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}:${index + 1}: expected {"text": string, "label": 0 | 1}`);
    rows.push(parsed.data);
  });
  return rows;
}

/** The dev split of both sets: what the model trains on and the operating point is chosen on. */
export function loadDevRows(): { injections: LabelledText[]; directRequests: LabelledText[] } {
  return {
    injections: loadInjectionRows(path.join(FIXTURES_DIR, 'injections.dev.jsonl')),
    directRequests: loadInjectionRows(path.join(FIXTURES_DIR, 'direct-requests.dev.jsonl')),
  };
}

/**
 * Groups of near-duplicates: texts that share a run of `size` words end up in one group (the data
 * appends the same attack to different questions). Returns the row indices of each group.
 */
export function shingleGroups(texts: readonly string[], size = 6): number[][] {
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    parent[i] = root;
    return root;
  };
  const firstSeen = new Map<string, number>();
  texts.forEach((text, i) => {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (let k = 0; k + size <= words.length; k += 1) {
      const shingle = words.slice(k, k + size).join(' ');
      const seen = firstSeen.get(shingle);
      if (seen === undefined) firstSeen.set(shingle, i);
      else parent[find(i)] = find(seen);
    }
  });
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * `k` folds for cross-validation that keep near-duplicates together (`shingleGroups`) and spread
 * injections evenly: a fold never tests a prompt whose twin it trained on, which is what the
 * guard faces in production. Returns the row indices of each fold.
 */
export function groupedFolds(rows: readonly LabelledText[], k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer >= 2, got ${k}`);
  const groups = shuffled(shingleGroups(rows.map((row) => row.text)), seededRandom(seed)).sort(
    (a, b) => b.length - a.length,
  );
  const folds: number[][] = Array.from({ length: k }, () => []);
  const load = (fold: number[]) => fold.length + fold.filter((i) => rows[i]?.label === 1).length;
  for (const group of groups) {
    const lightest = folds.reduce((best, fold) => (load(fold) < load(best) ? fold : best));
    lightest.push(...group);
  }
  return folds;
}
