import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PromptFileError } from './errors.ts';

/**
 * Labels (`production`, `staging`, `canary`…) are named pointers at prompt versions. They are
 * stored as an append-only log of moves, so the current state, the audit trail ("who put
 * 1.1.0 in production, when, why?") and rollback all come from the same data.
 */

/** Label names: lower-case words, e.g. `production`, `staging`, `canary-eu`. */
export const LABEL_NAME = /^[a-z][a-z0-9-]*$/;

/** One entry of the label log. */
export const LabelMoveSchema = z.strictObject({
  /** Prompt id. */
  promptId: z.string(),
  /** Label name. */
  label: z.string().regex(LABEL_NAME),
  /** `move` points the label at `version`; `rollback` returns it to the version before. */
  action: z.enum(['move', 'rollback']),
  /** The version the label points at after this entry. */
  version: z.string(),
  /** Content hash of that version when the entry was written; a later edit of the file is detected. */
  hash: z.string(),
  /** When, as an ISO timestamp. */
  at: z.string(),
  /** Who or what moved it (a user, a CI job, the rollout guard). */
  by: z.string().optional(),
  /** Why, in one line. */
  reason: z.string().optional(),
});

/** One entry of the label log. */
export type LabelMove = z.infer<typeof LabelMoveSchema>;

/** Where a label points: a version and the hash it had when the label was moved. */
export interface LabelPointer {
  /** Prompt version. */
  version: string;
  /** Content hash recorded with the move. */
  hash: string;
}

/** Persistence of the label log. Swap the file for a database table in a product. */
export interface LabelStore {
  /** Every entry, oldest first. */
  read(): Promise<LabelMove[]>;
  /** Appends one entry. */
  append(entry: LabelMove): Promise<void>;
}

/** The label log in memory; for tests and for products that keep labels elsewhere. */
export class MemoryLabelStore implements LabelStore {
  readonly #entries: LabelMove[] = [];
  async read(): Promise<LabelMove[]> {
    return [...this.#entries];
  }
  async append(entry: LabelMove): Promise<void> {
    this.#entries.push(entry);
  }
}

/** The label log as a JSON Lines file (one entry per line, appended, never rewritten). */
export class FileLabelStore implements LabelStore {
  /** Path of the `.jsonl` file; it need not exist yet. */
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  async read(): Promise<LabelMove[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line, index) => {
      if (line.trim() === '') return [];
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new PromptFileError(this.path, `line ${index + 1}`, 'is not valid JSON');
      }
      const parsed = LabelMoveSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PromptFileError(
          this.path,
          `line ${index + 1}: ${issue?.path.join('.')}`,
          issue?.message ?? 'invalid',
        );
      }
      return [parsed.data];
    });
  }
  async append(entry: LabelMove): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, 'utf8');
  }
}

/** Key of one label of one prompt in the replayed state. */
export function labelKey(promptId: string, label: string): string {
  return `${promptId}\u0000${label}`;
}

/**
 * Replays the log into one stack of pointers per (prompt, label): a `move` pushes, a
 * `rollback` pops. The top of a stack is where the label points now; the entry below it is
 * where a rollback goes. A stack (not "the previous entry") is what makes two rollbacks in a
 * row go back two versions instead of flipping between the last two.
 */
export function replayLabels(moves: readonly LabelMove[]): Map<string, LabelPointer[]> {
  const stacks = new Map<string, LabelPointer[]>();
  for (const move of moves) {
    const key = labelKey(move.promptId, move.label);
    const stack = stacks.get(key) ?? [];
    if (move.action === 'move') {
      stack.push({ version: move.version, hash: move.hash });
    } else {
      stack.pop();
    }
    stacks.set(key, stack);
  }
  return stacks;
}
