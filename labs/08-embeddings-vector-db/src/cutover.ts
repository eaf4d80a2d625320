/**
 * DoD-1: when may reads move from the live index (hash model) to the shadow index (glove model)?
 * Two decisions: each model's "no result" threshold, calibrated on its own dev scores, and the
 * cut-over rule applied to the evidence `ShadowMigration.check` gathers.
 */
import type { MigrationEvidence } from './migration.ts';
import type { CutOverPolicy, NoResultPromise } from './policy.ts';
import type { QueryRun } from './types.ts';

/** The cut-over rule's answer. */
export interface CutOverDecision {
  cutOver: boolean;
  /** One sentence per unmet condition, with the measured value and the limit; empty when `cutOver`. */
  reasons: string[];
}

/**
 * The score under which this model's hits are not shown, from its own dev runs (each run holds a
 * question's top hits, best first, with their scores).
 */
export function chooseThreshold(runs: readonly QueryRun[], promise: NoResultPromise): number {
  // TODO (DoD-1): choose the threshold from these scores: as high as the promise allows, so that
  //   unanswerable questions get "no result" as often as possible while at most the promised share
  //   of answerable questions do. Judged on the test split for both models (few answerable questions
  //   told "no result"; for hash, some unanswerable ones too) and by a property: a rescaled model hides
  //   the same questions, as many as the promise allows (test/dod-1-cutover.test.ts).
  //   Calibrate: node labs/08-embeddings-vector-db/src/dev-report.ts
  void runs;
  void promise;
  throw new Error('TODO: chooseThreshold (DoD-1)');
}

/** Whether the shadow index may take the reads, and why not. */
export function decideCutOver(evidence: MigrationEvidence, policy: CutOverPolicy): CutOverDecision {
  // TODO (DoD-1): decide from the evidence and the policy (src/policy.ts) when users may be moved:
  //   cut over only when the shadow holds what the live index holds, embedded by its own model, the
  //   evidence is large enough, and users would lose nothing the policy protects. Every block names
  //   its reasons with the measured figures. Judged on real migrations of the test split (the verdict
  //   their evidence supports, whichever it is) and on generated evidence, e.g. a better shadow whose
  //   rankings differ a lot (test/dod-1-cutover.test.ts).
  void evidence;
  void policy;
  throw new Error('TODO: decideCutOver (DoD-1)');
}
