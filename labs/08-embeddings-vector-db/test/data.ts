/**
 * The lab's labelled splits (declared in `lab.yaml`), shared by the DoD tests and `src/dev-report.ts`.
 * Node runs this file directly from the dev report, so it imports only types from the code under test.
 */
import type { NeighbourQuery } from '@lab/collection.ts';
import type { LabelledQuery } from '@lab/types.ts';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

/** Help-centre questions with the ids of the articles that answer them (none for unanswerable ones). */
export function loadQueries(split: Split): LabelledQuery[] {
  return loadSplit<LabelledQuery>(import.meta.dirname, 'queries', split);
}

/** Query words with their exact 10 nearest words in the scale collection (`fixtures/words.txt`). */
export function loadNeighbours(split: Split): NeighbourQuery[] {
  return loadSplit<NeighbourQuery>(import.meta.dirname, 'neighbours', split);
}

/**
 * What DoD-1 asks of each model's threshold on the test split (76 answerable, 20 unanswerable questions):
 * figures the reference's dev decision reaches on a split of that size with at least 95 % probability
 * (binomial at its dev rate). The promise is 0.05 on dev: at 3 of 78 answerable questions (both
 * models), at most 9 of 76 on test. Unanswerable questions declined: hash 4 of 20 on dev, so at least
 * 1 of 20; glove 2 of 20, which reaches 1 of 20 with only 88 % probability, so glove's share is
 * reported, not judged. `node solutions/08-embeddings-vector-db/src/dev-report.ts`
 */
export const THRESHOLD_TARGETS = {
  hash: { maxAnswerableEmpty: 0.12, minAbstention: 0.05 },
  glove: { maxAnswerableEmpty: 0.12, minAbstention: undefined },
} as const;

/**
 * Per-query Recall@10 values (tenths) for a generated measurement: `recall` of `queries` queries,
 * spread as evenly as 10 neighbour slots per query allow. Their mean is the recall actually reached.
 */
export function perQueryRecalls(recall: number, queries: number): number[] {
  const slots = Math.round(recall * queries * 10);
  return Array.from({ length: queries }, (_, q) => (Math.floor(slots / queries) + (q < slots % queries ? 1 : 0)) / 10);
}
