import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compare as compareSemver } from 'semver';
import { PromptFileError, PromptRepositoryError } from './errors.ts';
import { FileLabelStore, LABEL_NAME, type LabelMove, type LabelStore, labelKey, replayLabels } from './labels.ts';
import { type PromptDefinition, parsePromptFile } from './prompt-file.ts';

/** File name suffix of prompt files. */
export const PROMPT_FILE_SUFFIX = '.prompt';

/** Options of `PromptRepository.load`. */
export interface PromptRepositoryOptions {
  /** Where labels live; default: `labels.jsonl` in the prompt directory. */
  labels?: LabelStore;
  /** Clock for label timestamps; injected so tests are deterministic. */
  now?: () => Date;
}

/** Who moved a label and why; recorded in the label log. */
export interface LabelMoveOptions {
  /** A user, a CI job, `rollout-guard`… */
  by?: string;
  /** One line on why. */
  reason?: string;
}

/**
 * A directory of prompt files (`<dir>/**\/*.prompt`, one version per file) plus a label
 * log. Versions are immutable: the label log records each version's hash, and resolving a
 * label whose file has been edited since is an error — publish a new version instead.
 */
export class PromptRepository {
  readonly #prompts: Map<string, Map<string, PromptDefinition>>;
  readonly #labels: LabelStore;
  readonly #now: () => Date;

  private constructor(prompts: Map<string, Map<string, PromptDefinition>>, labels: LabelStore, now: () => Date) {
    this.#prompts = prompts;
    this.#labels = labels;
    this.#now = now;
  }

  /** Loads and validates every prompt file under `dir`. The first malformed file fails the load. */
  static async load(dir: string, options: PromptRepositoryOptions = {}): Promise<PromptRepository> {
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(PROMPT_FILE_SUFFIX)).sort();
    const prompts = new Map<string, Map<string, PromptDefinition>>();
    for (const relative of files) {
      const file = path.join(dir, relative);
      const prompt = parsePromptFile(file, await readFile(file, 'utf8'));
      const versions = prompts.get(prompt.id) ?? new Map<string, PromptDefinition>();
      const clash = versions.get(prompt.version);
      if (clash) {
        throw new PromptFileError(file, 'version', `${prompt.id}@${prompt.version} is also defined in ${clash.file}`);
      }
      versions.set(prompt.version, prompt);
      prompts.set(prompt.id, versions);
    }
    return new PromptRepository(
      prompts,
      options.labels ?? new FileLabelStore(path.join(dir, 'labels.jsonl')),
      options.now ?? (() => new Date()),
    );
  }

  /** Prompt ids, sorted. */
  ids(): string[] {
    return [...this.#prompts.keys()].sort();
  }

  /** Versions of one prompt, oldest first (semver order, not file order). */
  versions(promptId: string): string[] {
    return [...this.#versionsOf(promptId).keys()].sort(compareSemver);
  }

  /** One exact version. */
  get(promptId: string, version: string): PromptDefinition {
    const prompt = this.#versionsOf(promptId).get(version);
    if (!prompt) {
      throw new PromptRepositoryError(
        `${promptId}@${version}: no such version (known: ${this.versions(promptId).join(', ')})`,
      );
    }
    return prompt;
  }

  /** The highest version. */
  latest(promptId: string): PromptDefinition {
    const versions = this.versions(promptId);
    return this.get(promptId, versions[versions.length - 1] ?? '');
  }

  /** Where each label of a prompt points now: `{ production: '1.0.0', staging: '1.1.0' }`. */
  async labels(promptId: string): Promise<Record<string, string>> {
    this.#versionsOf(promptId);
    const prefix = labelKey(promptId, '');
    const result: Record<string, string> = {};
    for (const [key, stack] of replayLabels(await this.#labels.read())) {
      const top = stack[stack.length - 1];
      if (key.startsWith(prefix) && top) result[key.slice(prefix.length)] = top.version;
    }
    return result;
  }

  /** The log entries of one label, oldest first. */
  async history(promptId: string, label: string): Promise<LabelMove[]> {
    return (await this.#labels.read()).filter((m) => m.promptId === promptId && m.label === label);
  }

  /**
   * The version a label points at. Fails when the label is not set, or when the file of that
   * version no longer has the hash it had when the label was moved (someone edited a released
   * version in place).
   */
  async resolve(promptId: string, label: string): Promise<PromptDefinition> {
    const pointer = (await this.#stack(promptId, label)).at(-1);
    if (!pointer) throw new PromptRepositoryError(`${promptId}: label "${label}" is not set`);
    const prompt = this.get(promptId, pointer.version);
    if (prompt.hash !== pointer.hash) {
      throw new PromptRepositoryError(
        `${promptId}@${pointer.version} (label "${label}") changed after it was labelled: ` +
          `hash ${prompt.hash} != ${pointer.hash}; publish a new version instead of editing ${prompt.file}`,
      );
    }
    return prompt;
  }

  /** Points a label at an existing version. A move to where it already points is a no-op. */
  async moveLabel(
    promptId: string,
    label: string,
    version: string,
    options: LabelMoveOptions = {},
  ): Promise<LabelMove> {
    if (!LABEL_NAME.test(label)) {
      throw new PromptRepositoryError(`label "${label}" is invalid: use lower-case letters, digits and -`);
    }
    const prompt = this.get(promptId, version);
    const history = await this.history(promptId, label);
    const top = (await this.#stack(promptId, label)).at(-1);
    const last = history.at(-1);
    if (top && last && top.version === version && top.hash === prompt.hash) return last;
    return this.#append({ promptId, label, action: 'move', version, hash: prompt.hash, ...options });
  }

  /**
   * Moves a label back to the version it pointed at before its last move. Deploys nothing and
   * rebuilds nothing: readers resolve the label on their next request.
   */
  async rollback(promptId: string, label: string, options: LabelMoveOptions = {}): Promise<LabelMove> {
    const stack = await this.#stack(promptId, label);
    const previous = stack.at(-2);
    if (!previous) {
      throw new PromptRepositoryError(
        `${promptId}: label "${label}" has no earlier version to roll back to` +
          (stack.length === 1 ? ` (it has only pointed at ${stack[0]?.version})` : ' (it is not set)'),
      );
    }
    return this.#append({ promptId, label, action: 'rollback', ...previous, ...options });
  }

  async #stack(promptId: string, label: string) {
    this.#versionsOf(promptId);
    return replayLabels(await this.#labels.read()).get(labelKey(promptId, label)) ?? [];
  }

  async #append(entry: Omit<LabelMove, 'at'>): Promise<LabelMove> {
    const move: LabelMove = { ...entry, at: this.#now().toISOString() };
    await this.#labels.append(move);
    return move;
  }

  #versionsOf(promptId: string): Map<string, PromptDefinition> {
    const versions = this.#prompts.get(promptId);
    if (!versions) {
      throw new PromptRepositoryError(`unknown prompt "${promptId}" (known: ${this.ids().join(', ') || 'none'})`);
    }
    return versions;
  }
}
