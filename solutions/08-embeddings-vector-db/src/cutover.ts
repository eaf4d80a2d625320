/**
 * DoD-1: when may reads move from the live index (hash model) to the shadow index (glove model)?
 * Two decisions: each model's "no result" threshold, calibrated on its own dev scores, and the
 * cut-over rule applied to the evidence `ShadowMigration.check` gathers.
 */
import { mean } from '@workshop/kit';
import type { MigrationEvidence, QueryOutcome } from './migration.ts';
import type { CutOverPolicy, NoResultPromise } from './policy.ts';
import type { QueryRun } from './types.ts';

/** The cut-over rule's answer. */
export interface CutOverDecision {
  cutOver: boolean;
  /** One sentence per unmet condition, with the measured value and the limit; empty when `cutOver`. */
  reasons: string[];
}

/**
 * The score under which this model's hits are not shown, from its own dev runs: the highest
 * threshold that leaves at most the promised share of answerable questions with nothing shown.
 * A threshold is a point on one model's score scale; it is never copied to another model.
 */
export function chooseThreshold(runs: readonly QueryRun[], promise: NoResultPromise): number {
  // A question is told "no result" when even its best hit is below the threshold.
  const best = runs
    .filter((run) => run.relevant.length > 0)
    .map((run) => run.hits[0]?.score ?? Number.NEGATIVE_INFINITY)
    .sort((a, b) => a - b);
  if (best.length === 0) throw new RangeError('chooseThreshold needs dev runs of answerable questions');
  const allowed = Math.floor(promise.maxAnswerableEmpty * best.length + 1e-9);
  // Exactly the `allowed` weakest questions fall below the score of the next one (fewer on ties).
  return best[Math.min(allowed, best.length - 1)] as number;
}

/**
 * Cut over only on complete, sufficient evidence that users lose nothing the policy protects:
 * every live document is in the shadow, embedded by the new model; enough labelled questions; the
 * recall of what is shown and the "no result" answers to unanswerable questions hold. How much the
 * rankings change (overlap) is not a reason to block: a better model changes them too.
 */
export function decideCutOver(evidence: MigrationEvidence, policy: CutOverPolicy): CutOverDecision {
  const reasons: string[] = [];
  const { live, shadow } = evidence;
  if (shadow.points < live.points || shadow.pointsOfVersion < shadow.points) {
    reasons.push(
      `backfill incomplete: ${shadow.pointsOfVersion} of ${live.points} live documents are in the shadow with version ${shadow.version}`,
    );
  }
  if (evidence.k !== policy.k) reasons.push(`evidence measured at k=${evidence.k}, the policy asks for k=${policy.k}`);
  const answerable = evidence.queries.filter((q) => q.answerable);
  const unanswerable = evidence.queries.filter((q) => !q.answerable);
  if (answerable.length < policy.minAnswerable || unanswerable.length < policy.minUnanswerable) {
    reasons.push(
      `not enough evidence: ${answerable.length} answerable and ${unanswerable.length} unanswerable labelled questions, the policy needs ${policy.minAnswerable} and ${policy.minUnanswerable}`,
    );
    return { cutOver: false, reasons };
  }
  const recall = (side: 'live' | 'shadow') => mean(answerable.map((q) => q[side].recall));
  const recallDrop = recall('live') - recall('shadow');
  if (recallDrop > policy.maxRecallDrop + 1e-9) {
    reasons.push(
      `Recall@${evidence.k} of what is shown drops from ${recall('live').toFixed(3)} to ${recall('shadow').toFixed(3)} (at most ${policy.maxRecallDrop} allowed)`,
    );
  }
  const abstains = (side: 'live' | 'shadow') => share(unanswerable, (q) => q[side].shown === 0);
  const abstentionDrop = abstains('live') - abstains('shadow');
  if (abstentionDrop > policy.maxAbstentionDrop + 1e-9) {
    reasons.push(
      `"no result" for unanswerable questions drops from ${abstains('live').toFixed(2)} to ${abstains('shadow').toFixed(2)} (at most ${policy.maxAbstentionDrop} allowed): is the shadow's threshold calibrated on its own scores?`,
    );
  }
  return { cutOver: reasons.length === 0, reasons };
}

function share(queries: readonly QueryOutcome[], test: (q: QueryOutcome) => boolean): number {
  return queries.filter(test).length / queries.length;
}
