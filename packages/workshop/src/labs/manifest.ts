import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { WorkshopError } from '../errors.ts';

const checkpointSchema = z.object({
  id: z.string().regex(/^DoD-\d+$/, 'must look like DoD-<n>'),
  title: z.string().min(1),
  hints: z.array(z.string().min(1)).min(1, 'needs at least one hint level'),
});

/** Paths are relative to the lab folder and stay inside it (`fixtures/requests.test.jsonl`). */
const labFile = z
  .string()
  .min(1)
  .refine(
    (file) => !file.startsWith('/') && !file.split(/[\\/]/).includes('..'),
    'must be a path inside the lab folder',
  )
  .refine((file) => /\.(jsonl|json)$/.test(file), 'must be a .jsonl or .json file');

/**
 * A labelled evaluation set split in two: the participant calibrates what they choose (a
 * threshold, a rule, a budget) on `dev`; the DoD tests judge it on `test`.
 */
const datasetSchema = z
  .object({
    /** Rows to calibrate on: JSON Lines (one object per line) or a JSON array. */
    dev: labFile,
    /** Rows the DoD measures on; never used for calibration. */
    test: labFile,
    /** Where the rows come from, with the licence (copied from `../shared/datasets/README.md`). */
    source: z.string().min(1),
  })
  .strict();

/** The lab manifest (`lab.yaml`): the single source of truth for a lab's order, checkpoints and hints. */
export const manifestSchema = z
  .object({
    id: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'must look like NN-slug'),
    title: z.string().min(1),
    order: z.number().int().positive(),
    minutes: z.number().int().positive().optional(),
    summary: z.string().min(1),
    checkpoints: z.array(checkpointSchema).min(1, 'needs at least one checkpoint'),
    /**
     * npm modules the lab's tests import that are slow to load (say, the MCP SDK): a watch-mode test
     * worker imports them, as the tests will (ESM, resolved from the lab), before the next save.
     */
    preload: z
      .array(z.string().regex(/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+(\/[\w./-]+)?$/, 'must be an npm module specifier'))
      .max(20)
      .optional(),
    /** Labelled evaluation sets by name, each with a dev and a test split (decision labs). */
    datasets: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case name'), datasetSchema).optional(),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.checkpoints.forEach((checkpoint, index) => {
      if (seen.has(checkpoint.id)) {
        ctx.addIssue({ code: 'custom', path: ['checkpoints', index, 'id'], message: `duplicate ${checkpoint.id}` });
      }
      seen.add(checkpoint.id);
    });
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type Checkpoint = Manifest['checkpoints'][number];
export type Dataset = NonNullable<Manifest['datasets']>[string];

/** Reads and validates a manifest; any problem becomes one line naming the file and the field. */
export async function loadManifest(file: string, displayPath = file): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new WorkshopError('missing lab manifest', { file: displayPath });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new WorkshopError(`not valid YAML: ${reason}`, { file: displayPath });
  }
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new WorkshopError(`${where}: ${issue?.message ?? 'invalid manifest'}`, { file: displayPath });
  }
  return result.data;
}
