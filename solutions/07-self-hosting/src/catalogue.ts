/**
 * The model and GPU tables (`fixtures/models.json`, `fixtures/gpus.json`), validated. Given code:
 * the same file in the starter and the solution (both live at `<root>/<labs|solutions>/07-self-hosting/src`,
 * so the relative path resolves to the same folder).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Catalogue, GpuSpec, ModelSpec } from './types.ts';

/** Folder holding `models.json` and `gpus.json`. */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '07-self-hosting', 'fixtures');

const positive = z.number().positive();
const count = z.number().int().positive();

const ModelsFile = z.object({
  asOf: z.string(),
  models: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      parametersBillion: positive,
      layers: count,
      kvHeads: count,
      headDim: count,
      hiddenSize: count,
      vocabSize: count,
      contextLength: count,
      source: z.string().min(1),
    }),
  ),
});

const GpusFile = z.object({
  asOf: z.string(),
  gpus: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      memoryGB: positive,
      bandwidthGBps: positive,
      memoryType: z.string().min(1),
      source: z.string().min(1),
    }),
  ),
});

/** Reads and validates one JSON file; a bad file is one line naming the file and the field. */
function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

let cached: Catalogue | undefined;

/** The model and GPU specs, by id (read once). Pass another folder to use your own tables. */
export function loadCatalogue(dir: string = FIXTURES_DIR): Catalogue {
  if (dir === FIXTURES_DIR && cached) return cached;
  const models = readJson(path.join(dir, 'models.json'), ModelsFile);
  const gpus = readJson(path.join(dir, 'gpus.json'), GpusFile);
  const catalogue: Catalogue = {
    asOf: models.asOf,
    models: Object.fromEntries(models.models.map((m): [string, ModelSpec] => [m.id, m])),
    gpus: Object.fromEntries(gpus.gpus.map((g): [string, GpuSpec] => [g.id, g])),
  };
  if (dir === FIXTURES_DIR) cached = catalogue;
  return catalogue;
}

/** The spec of a model id, or an error naming the id and the known ones. */
export function modelSpec(catalogue: Catalogue, id: string): ModelSpec {
  const spec = catalogue.models[id];
  if (!spec) throw new Error(`unknown model "${id}": the catalogue has ${Object.keys(catalogue.models).join(', ')}`);
  return spec;
}

/** The spec of a GPU id, or an error naming the id and the known ones. */
export function gpuSpec(catalogue: Catalogue, id: string): GpuSpec {
  const spec = catalogue.gpus[id];
  if (!spec) throw new Error(`unknown GPU "${id}": the catalogue has ${Object.keys(catalogue.gpus).join(', ')}`);
  return spec;
}
