import type { FactValue, Rubric } from './rubric.ts';

/** What one criterion added to a candidate's total. */
export interface Contribution {
  /** Criterion id. */
  criterion: string;
  /** The criterion's weight. */
  weight: number;
  /** The candidate's score on it (1–5). */
  score: number;
  /** `weight × score`, rounded to 3 decimals. */
  points: number;
}

/** A hard constraint a candidate failed. */
export interface Violation {
  /** Constraint id. */
  constraint: string;
  /** The fact it checks. */
  fact: string;
  /** The candidate's value for that fact; undefined when the rubric does not state it. */
  actual: FactValue | undefined;
  /** The values that would have passed. */
  allowed: FactValue[];
}

/** The verdict on one candidate. */
export interface Verdict {
  /** Candidate id. */
  id: string;
  /** Candidate name. */
  name: string;
  /** Sum of the contributions, rounded to 3 decimals (1–5). Computed for disqualified candidates too. */
  total: number;
  /** 1-based position among qualified candidates; null when disqualified. */
  rank: number | null;
  /** Per criterion, in the rubric's order. */
  contributions: Contribution[];
  /** Constraints failed; empty when qualified. */
  violations: Violation[];
  /** One line a reviewer can read: the arithmetic, or why it was disqualified. */
  explanation: string;
}

/** The outcome of applying a rubric. */
export interface Decision {
  /** Id of the best qualified candidate; null when every candidate is disqualified. */
  winner: string | null;
  /** Qualified candidate ids, best first. */
  ranking: string[];
  /** Every candidate: qualified ones in rank order, then the disqualified in rubric order. */
  verdicts: Verdict[];
  /** One line: who won, by how much, over whom (or why nobody did). */
  summary: string;
}

/**
 * Apply a (validated) rubric: drop candidates that fail a hard constraint, score the rest as
 * Σ weight × score, rank them (ties broken by id so the result never depends on file order),
 * and explain every verdict. Pure and deterministic.
 */
export function decide(rubric: Rubric): Decision {
  // TODO 1: for each candidate, build its contributions in the rubric's criteria order:
  //   { criterion, weight, score: candidate.scores[criterion.id], points: weight × score rounded to 3 decimals },
  //   and total = Σ weight × score, rounded to 3 decimals (Math.round(x * 1000) / 1000) so float noise never decides.
  // TODO 2: violations: every constraint whose fact is missing from candidate.facts, or whose value is not in
  //   `allowed` → { constraint: c.id, fact: c.fact, actual: candidate.facts[c.fact], allowed: c.allowed }.
  //   A missing fact disqualifies: compliance must be shown, not assumed.
  // TODO 3: rank the qualified (no violations) by total, highest first, ties by id (a.localeCompare(b)).
  //   rank = 1, 2, …; disqualified candidates get rank null and still show their total.
  // TODO 4: verdicts = qualified in rank order, then disqualified in rubric order. Each explanation is one line:
  //   qualified:    "#1 mistral-small-eu: 3.900 = quality 0.3×3=0.900 + latency …"
  //   disqualified: "acme-free: disqualified by eu-data-residency (dataResidency is us; allowed: eu, on-prem); it would have scored 3.500"
  //   A fact that is not stated reads "not stated".
  // TODO 5: winner = the first ranked id or null; ranking = qualified ids in order; summary names the winner, its
  //   total and its lead over the runner-up (e.g. "… wins with 3.900, 0.250 ahead of …"), or says nobody qualified.
  throw new Error(
    `TODO: decide — rank ${rubric.candidates.length} candidates on ${rubric.criteria.length} criteria with ${rubric.constraints.length} hard constraints`,
  );
}
