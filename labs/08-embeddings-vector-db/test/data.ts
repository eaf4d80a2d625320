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
 * figures that a sound dev decision (keeping the promise of at most 5 % answerable questions told "no
 * result" on dev) reaches on a split of that size with at least 95 % probability (binomial at the dev
 * rate). GloVe's unanswerable questions score almost as high as its answerable ones, so its share of
 * declined unanswerable questions is too small on dev to promise anything on 20 test questions: it is
 * reported, not judged.
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
