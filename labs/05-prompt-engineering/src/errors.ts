/**
 * Typed errors of the prompt repository. Each carries the fields a caller (or a CI log)
 * needs to act on it, and its message is one line that names what is wrong.
 */

/** A prompt file (or the golden-case file) is malformed. */
export class PromptFileError extends Error {
  override readonly name = 'PromptFileError';
  /** Path of the offending file, as given to the loader. */
  readonly file: string;
  /** Dotted path of the offending field, e.g. `variables.tone.type`; `front-matter` for the block itself. */
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field}: ${problem}`);
    this.file = file;
    this.field = field;
  }
}

/** Variables passed to `renderPrompt` do not match the prompt's variable schema. */
export class PromptVariableError extends Error {
  override readonly name = 'PromptVariableError';
  /** `id@version` of the prompt being rendered. */
  readonly prompt: string;
  /** Every problem found, one per variable, e.g. `missing variable "ticket"`. */
  readonly problems: string[];

  constructor(prompt: string, problems: string[]) {
    super(`${prompt}: ${problems.join('; ')}`);
    this.prompt = prompt;
    this.problems = problems;
  }
}

/** A lookup or label operation on the repository cannot be done. */
export class PromptRepositoryError extends Error {
  override readonly name = 'PromptRepositoryError';
}

/** A candidate prompt version made golden cases worse than the baseline. */
export class RegressionError extends Error {
  override readonly name = 'RegressionError';
  /** Ids of the cases that got worse. */
  readonly caseIds: string[];

  constructor(message: string, caseIds: string[]) {
    super(message);
    this.caseIds = caseIds;
  }
}
