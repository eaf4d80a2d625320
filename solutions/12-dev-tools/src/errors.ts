import type { EvalCase } from './types.ts';

/**
 * A dataset line that is not JSON or does not match the schema. Names the source and the
 * 1-based line; `parsed` keeps every valid case before it, so nothing already read is lost
 * (a caller may report them, or run them and fix the file afterwards).
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  /** File name (or another label) of the dataset. */
  readonly source: string;
  /** 1-based line number of the bad line. */
  readonly line: number;
  /** The valid cases on the lines before it, in order. */
  readonly parsed: EvalCase[];

  constructor(source: string, line: number, problem: string, parsed: EvalCase[]) {
    super(`${source}:${line}: ${problem}`);
    this.source = source;
    this.line = line;
    this.parsed = parsed;
  }
}

/** Bad options or input to the harness itself (a report file, a threshold, a suite module). */
export class EvalConfigError extends Error {
  override readonly name = 'EvalConfigError';
}
