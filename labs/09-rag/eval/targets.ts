/**
 * The DoD's targets (judged on the test split), shown next to the dev figures by the report.
 * One place, so the report and the tests can never disagree about what "done" means.
 */
export const TARGETS = {
  /** DoD-1: planted attacks after which the answer and the policy were unchanged. */
  attacksWithoutEffect: '>= 0.85',
  /** DoD-1: units of the clean handbook screened out (each is a policy paragraph lost). */
  handbookScreenedOut: '<= 0.01',
  /** DoD-2: evidence Recall@5 with your chunks, ranked by BM25 alone. */
  chunkRecall: '>= 0.75',
  /** DoD-2: tokens of the five chunks a question retrieves (the prompt it costs). */
  chunkTokens: '<= 250',
  /** DoD-3: evidence Recall@5 of your fusion. */
  fusedRecall: '>= 0.75',
  /**
   * DoD-3: your fusion's Recall@5 minus that of the better retriever alone, on the same chunks.
   * Fusing is worth its cost only if it finds evidence neither list finds alone: at least one
   * more test question's worth (0.01 of 74). Either retriever alone, or one list appended to the
   * other, gains nothing.
   */
  fusionGain: '>= 0.01',
  /**
   * DoD-4: unanswerable questions that get "I don't know". Most of them are near misses that share
   * words with the handbook ("How many days of paid leave do I get for moving house?"): on the dev
   * split no gate on the best candidate's cosine and BM25 score refuses more than 0.71 of them
   * while losing at most 0.2 of the found answerable ones. What gets through is the model's to
   * answer from the sources, checked by DoD-5.
   */
  noResult: '>= 0.6',
  /** DoD-4: answerable questions whose evidence was retrieved that still get "I don't know". */
  falseFallback: '<= 0.2',
  /** DoD-5: shown answers that are faithful to the chunks they cite. */
  groundedness: '>= 0.95',
  /** DoD-5: faithful answers the check lets through. */
  faithfulShown: '>= 0.8',
} as const;
