/**
 * Loads the labelled prompt-injection data (`labs/06-safety/fixtures/deepset-train.jsonl`) and
 * splits it. Given code: identical in the starter and the solution.
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

/**
 * Hard negatives written for this lab: ordinary direct requests (code, ops, writing, everyday) that
 * use words the injections also use — ignore, kill, system, prompt, write, print. Training only.
 */
export function loadAugmentationRows(
  file: string = path.join(FIXTURES_DIR, 'benign-direct-requests.jsonl'),
): LabelledText[] {
  return loadInjectionRows(file);
}

/**
 * Stratified split: the same share of injections and benign rows on each side, shuffled with a
 * seed so the split is reproducible. Returns `[rest, heldOut]` with `heldOut` ≈ `fraction` of rows.
 */
export function stratifiedSplit(
  rows: readonly LabelledText[],
  fraction: number,
  seed: number,
): [LabelledText[], LabelledText[]] {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`split fraction must be between 0 and 1, got ${fraction}`);
  const random = seededRandom(seed);
  const rest: LabelledText[] = [];
  const heldOut: LabelledText[] = [];
  for (const label of [0, 1] as const) {
    const group = shuffled(
      rows.filter((row) => row.label === label),
      random,
    );
    const cut = Math.round(group.length * fraction);
    heldOut.push(...group.slice(0, cut));
    rest.push(...group.slice(cut));
  }
  return [shuffled(rest, random), shuffled(heldOut, random)];
}

/** `k` stratified folds for cross-validation: each row lands in exactly one fold. */
export function stratifiedFolds(rows: readonly LabelledText[], k: number, seed: number): LabelledText[][] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer >= 2, got ${k}`);
  const random = seededRandom(seed);
  const folds: LabelledText[][] = Array.from({ length: k }, () => []);
  for (const label of [0, 1] as const) {
    const group = shuffled(
      rows.filter((row) => row.label === label),
      random,
    );
    group.forEach((row, index) => {
      folds[index % k]?.push(row);
    });
  }
  return folds;
}
