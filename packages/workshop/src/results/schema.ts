/**
 * The `--json` output of `verify` and `list`. Instructors build dashboards on it, so it is
 * versioned: fields may be added, never renamed or removed, without bumping `version`.
 */

/** Which code the DoD tests ran against. */
export type Target = 'labs' | 'solutions';

/** A KPI a checkpoint's tests measured (`expectMetric` in `@workshop/testkit`). */
export interface MetricResult {
  /** Short name, e.g. `tpr`, `false flags`. */
  name: string;
  /** The measured value (finite). */
  value: number;
  /** What the checkpoint asks for, e.g. `>= 0.85`; absent for a KPI shown for information. */
  target?: string;
  /** How to read `value`: `ratio` (0–1), `count`, `ms`, `usd`, `tokens`… */
  unit?: string;
}

/** One DoD checkpoint's outcome. */
export interface CheckpointResult {
  /** `DoD-<n>`, as in the lab's manifest. */
  id: string;
  /** The checkpoint's title from the manifest. */
  title: string;
  /** `pass` when the checkpoint has tests and all of them passed. */
  status: 'pass' | 'fail';
  /** Why it failed (the first failing assertion or the compiler's message); empty when it passed. */
  message: string;
  /**
   * KPIs its tests measured, in test order (added to version 1; absent when none). Reported
   * before the assertion, so a failing checkpoint shows how far it is from its target.
   */
  metrics?: MetricResult[];
}

/** One lab's outcome. */
export interface LabResult {
  /** The lab's folder name, e.g. `01-foundations`. */
  id: string;
  /** The lab's title from the manifest. */
  title: string;
  /**
   * `pass`: every checkpoint passed. `fail`: some checkpoint failed.
   * `error`: the lab could not be checked as written (a file does not compile, a test file
   * does not load): fix that first; `message` says where.
   */
  status: 'pass' | 'fail' | 'error';
  /** For `error`: the compiler's or loader's message, naming the file. Absent otherwise. */
  message?: string;
  /** One entry per checkpoint in the manifest, in order. */
  checkpoints: CheckpointResult[];
}

/** The whole report. */
export interface VerifyReport {
  /** Shape version of this document. */
  version: 1;
  /** Which code was checked. */
  target: Target;
  /** One entry per lab checked, in workshop order. */
  labs: LabResult[];
}
