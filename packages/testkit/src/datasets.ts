import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** Which half of a labelled set: `dev` to calibrate on, `test` to judge on. */
export type Split = 'dev' | 'test';

/** Parses JSON Lines or a JSON array; a bad line is named with its file and line number. */
export function parseRows<Row>(text: string, file: string): Row[] {
  if (file.endsWith('.json')) {
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data)) throw new Error(`${file}: must hold a JSON array of rows`);
    return data as Row[];
  }
  const rows: Row[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as Row);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
  });
  return rows;
}

/**
 * The rows of one split of a lab's dataset, as `lab.yaml` declares it (`datasets.<name>.dev|test`).
 * DoD tests read the test split through this, never through the participant's code, so what is
 * judged cannot be changed by the code under judgement. `from` is any folder inside the lab
 * (a test passes `import.meta.dirname`).
 */
export function loadSplit<Row = Record<string, unknown>>(from: string, dataset: string, split: Split): Row[] {
  const labDir = findLabDir(from);
  const manifest = parse(readFileSync(path.join(labDir, 'lab.yaml'), 'utf8')) as {
    datasets?: Record<string, Partial<Record<Split, string>>>;
  };
  const relative = manifest.datasets?.[dataset]?.[split];
  if (!relative) throw new Error(`${path.join(labDir, 'lab.yaml')}: no datasets.${dataset}.${split}`);
  const file = path.join(labDir, relative);
  return parseRows<Row>(readFileSync(file, 'utf8'), file);
}

function findLabDir(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'lab.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no lab.yaml above ${from}`);
    dir = parent;
  }
}
