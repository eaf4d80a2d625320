/**
 * The live version of the service's prompt: whatever the label (`production`) points at in the
 * prompt repository (lab 05). Resolved again every `refreshMs`, so moving the label — a release
 * or a rollback — takes effect without a deploy, and a request never waits on the label file
 * more than once per interval. Given code: the same file in the starter and the solution.
 */
import type { PromptDefinition, PromptRepository } from '@workshop-solutions/05-prompt-engineering';

/** Options of `PromptSource`. */
export interface PromptSourceOptions {
  /** The repository holding the prompt's versions and labels. */
  repository: PromptRepository;
  /** Prompt id, e.g. `ask-workshop`. */
  promptId: string;
  /** Label to follow, e.g. `production`. */
  label: string;
  /** How long a resolved version is reused, in ms (0: resolve on every request). */
  refreshMs: number;
  /** Clock in ms. */
  now?: () => number;
}

/** Resolves the labelled prompt version, with a short reuse interval. */
export class PromptSource {
  readonly #options: PromptSourceOptions;
  readonly #now: () => number;
  #cached: { prompt: PromptDefinition; until: number } | undefined;

  constructor(options: PromptSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The version the label points at now. Throws when the label is unset or the version was edited in place. */
  async current(): Promise<PromptDefinition> {
    const now = this.#now();
    if (this.#cached && now < this.#cached.until) return this.#cached.prompt;
    const prompt = await this.#options.repository.resolve(this.#options.promptId, this.#options.label);
    this.#cached = { prompt, until: now + this.#options.refreshMs };
    return prompt;
  }
}
