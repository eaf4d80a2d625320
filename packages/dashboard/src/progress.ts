import type { Submission } from './schema.ts';

/** Checkpoints passed and counted in one submission. */
export function countPassed(submission: Pick<Submission, 'labs'>): { passed: number; total: number } {
  let passed = 0;
  let total = 0;
  for (const lab of submission.labs) {
    for (const checkpoint of lab.checkpoints) {
      total++;
      if (checkpoint.status === 'pass') passed++;
    }
  }
  return { passed, total };
}

/**
 * Where the participant is blocked: the first lab that is not passing and, in it, the first
 * failing checkpoint (or `error` when the lab does not compile). `null` when everything passes.
 * Comparing this key between submissions tells "keeps failing the same checkpoint".
 */
export function firstFailure(submission: Pick<Submission, 'labs'>): string | null {
  for (const lab of submission.labs) {
    if (lab.status === 'pass') continue;
    if (lab.status === 'error') return `${lab.id} error`;
    const checkpoint = lab.checkpoints.find((c) => c.status === 'fail');
    return `${lab.id} ${checkpoint?.id ?? 'error'}`;
  }
  return null;
}
