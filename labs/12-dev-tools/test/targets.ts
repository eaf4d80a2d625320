/** The DoD's targets, shared by the tests and the dev report (which prints them next to dev figures). */
export const TARGETS = {
  /** DoD-1: share of no-change candidates blocked, in each band. */
  falseBlocks: 0.05,
  /** DoD-1: share of regressions let through, in each band. */
  missed: 0.1,
  /** DoD-3: Cohen's kappa of the judge against the human verdicts. */
  kappa: 0.7,
} as const;
