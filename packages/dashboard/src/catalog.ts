import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SubmittedLab } from './schema.ts';

/** A lab of the workshop, as its `lab.yaml` manifest declares it. */
export interface CatalogLab {
  /** The lab's folder name, e.g. `01-foundations`. */
  id: string;
  title: string;
  /** In the manifest's order. */
  checkpoints: { id: string; title: string }[];
}

/** `pnpm workshop list --json` (extra fields ignored): what `node src/main.ts --labs <file>` reads. */
const catalogFileSchema = z.object({
  labs: z
    .array(
      z.object({
        id: z.string().min(1),
        title: z.string().min(1),
        checkpoints: z.array(z.object({ id: z.string().min(1), title: z.string().min(1) })).min(1),
      }),
    )
    .min(1, 'needs at least one lab'),
});

/** Reads a lab list written by `pnpm workshop list --json`; any problem is one line naming the file. */
export function readCatalogFile(file: string): CatalogLab[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = catalogFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message} (expected \`pnpm workshop list --json\`)`,
    );
  }
  return parsed.data.labs.map(({ id, title, checkpoints }) => ({
    id,
    title,
    checkpoints: checkpoints.map((c) => ({ id: c.id, title: c.title })),
  }));
}

/**
 * The workshop's labs and checkpoints: the only ones a submission may name. Participants cannot
 * invent labs to bloat the room, and the page shows the manifests' titles, not what was sent.
 */
export class LabCatalog {
  /** In workshop order. */
  readonly labs: readonly CatalogLab[];
  readonly #byId: Map<string, { lab: CatalogLab; checkpoints: Set<string> }>;

  constructor(labs: CatalogLab[]) {
    if (labs.length === 0) throw new Error("the dashboard needs the workshop's labs (none were given)");
    this.labs = labs;
    this.#byId = new Map(labs.map((lab) => [lab.id, { lab, checkpoints: new Set(lab.checkpoints.map((c) => c.id)) }]));
  }

  lab(id: string): CatalogLab | undefined {
    return this.#byId.get(id)?.lab;
  }

  hasCheckpoint(labId: string, checkpointId: string): boolean {
    return this.#byId.get(labId)?.checkpoints.has(checkpointId) ?? false;
  }

  /** The first lab or checkpoint a submission names that this workshop does not have, as `path: problem`. */
  problem(labs: SubmittedLab[]): string | undefined {
    const seenLabs = new Set<string>();
    for (const [l, lab] of labs.entries()) {
      const known = this.#byId.get(lab.id);
      if (!known) {
        return `labs.${l}.id: unknown lab "${lab.id}"; this workshop's labs are ${this.labs.map((x) => x.id).join(', ')}`;
      }
      if (seenLabs.has(lab.id)) return `labs.${l}.id: lab "${lab.id}" appears twice`;
      seenLabs.add(lab.id);
      const seen = new Set<string>();
      for (const [c, checkpoint] of lab.checkpoints.entries()) {
        const where = `labs.${l}.checkpoints.${c}.id`;
        if (!known.checkpoints.has(checkpoint.id)) {
          const ids = known.lab.checkpoints.map((x) => x.id).join(', ');
          return `${where}: lab ${lab.id} has no checkpoint "${checkpoint.id}" (it has ${ids})`;
        }
        if (seen.has(checkpoint.id)) return `${where}: ${checkpoint.id} appears twice in lab ${lab.id}`;
        seen.add(checkpoint.id);
      }
    }
    return undefined;
  }
}
