/**
 * The decision record: an ADR in Markdown that shows the bar, what each candidate measured
 * against it, and what was chosen and why. It is a pure function of the decision, so the same
 * inputs give a byte-identical record — diffable in a pull request, reproducible in CI.
 */
import type { Decision } from './types.ts';

/** Options of the record. */
export interface RecordOptions {
  /** Date line (`YYYY-MM-DD`). Omitted by default: a clock read here would break determinism. */
  date?: string;
}

/** Render the decision as an ADR-style Markdown record. */
export function renderDecisionRecord(decision: Decision, options: RecordOptions = {}): string {
  // TODO: build the Markdown (the README shows a full example), in this order:
  //   `# ADR: Model for <task>`, a status line (accepted / rejected) and `- Date: …` only when given;
  //   `## Context`; `## Acceptance criteria` (table: Criterion | Required);
  //   `## Decision` starting with `Chosen: **<name>**` and why — or, when nothing passed,
  //     `Chosen: none`, the sentence `No candidate meets the acceptance criteria, so none is chosen.`
  //     and `Closest miss: **<name>**` with the criteria it missed;
  //   `## Candidates` with one `### <name>` section per verdict (ranked order) holding the table
  //     Criterion | Required | Measured | Result, Result being `pass` or `FAIL`
  //     (use `markdownTable` from src/markdown.ts so rows come out as `| a | b | c | d |`);
  //   `## Runners-up`: one `- **<name>**: <reason>` line each; `## Consequences`.
  // TODO: never read the clock or iterate a Map/Set whose order depends on input order here:
  //       the same decision must always give the same bytes.
  void decision;
  void options;
  throw new Error('TODO: renderDecisionRecord — write the ADR Markdown (see src/record.ts)');
}
