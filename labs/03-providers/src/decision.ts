import type { Candidate, FactValue, Rubric } from './rubric.ts';

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

/** Round to 3 decimals so float noise (0.1 + 0.2) never decides a ranking. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;
const fixed = (value: number) => value.toFixed(3);
const show = (value: FactValue | undefined) => (value === undefined ? 'not stated' : String(value));

function violationsOf(candidate: Candidate, rubric: Rubric): Violation[] {
  return rubric.constraints
    .filter((c) => {
      const actual = candidate.facts[c.fact];
      return actual === undefined || !c.allowed.includes(actual);
    })
    .map((c) => ({ constraint: c.id, fact: c.fact, actual: candidate.facts[c.fact], allowed: c.allowed }));
}

/**
 * Apply a (validated) rubric: drop candidates that fail a hard constraint, score the rest as
 * Σ weight × score, rank them (ties broken by id so the result never depends on file order),
 * and explain every verdict. Pure and deterministic.
 */
export function decide(rubric: Rubric): Decision {
  const scored = rubric.candidates.map((candidate) => {
    const contributions = rubric.criteria.map((criterion) => {
      const score = candidate.scores[criterion.id];
      if (score === undefined) throw new Error(`candidate "${candidate.id}" has no score for "${criterion.id}"`);
      return { criterion: criterion.id, weight: criterion.weight, score, points: round3(criterion.weight * score) };
    });
    const total = round3(contributions.reduce((sum, c) => sum + c.weight * c.score, 0));
    return { candidate, contributions, total, violations: violationsOf(candidate, rubric) };
  });

  const qualified = scored
    .filter((s) => s.violations.length === 0)
    .sort((a, b) => b.total - a.total || a.candidate.id.localeCompare(b.candidate.id));
  const disqualified = scored.filter((s) => s.violations.length > 0);

  const arithmetic = (s: (typeof scored)[number]) =>
    s.contributions.map((c) => `${c.criterion} ${c.weight}×${c.score}=${fixed(c.points)}`).join(' + ');

  const verdicts: Verdict[] = [
    ...qualified.map((s, index) => ({
      id: s.candidate.id,
      name: s.candidate.name,
      total: s.total,
      rank: index + 1,
      contributions: s.contributions,
      violations: [],
      explanation: `#${index + 1} ${s.candidate.id}: ${fixed(s.total)} = ${arithmetic(s)}`,
    })),
    ...disqualified.map((s) => ({
      id: s.candidate.id,
      name: s.candidate.name,
      total: s.total,
      rank: null,
      contributions: s.contributions,
      violations: s.violations,
      explanation: `${s.candidate.id}: disqualified by ${s.violations
        .map((v) => `${v.constraint} (${v.fact} is ${show(v.actual)}; allowed: ${v.allowed.join(', ')})`)
        .join(', ')}; it would have scored ${fixed(s.total)}`,
    })),
  ];

  const [first, second] = qualified;
  let summary: string;
  if (!first) {
    summary = `No winner: all ${scored.length} candidates fail a hard constraint.`;
  } else if (!second) {
    summary = `${first.candidate.id} wins with ${fixed(first.total)}: the only candidate that meets every hard constraint.`;
  } else {
    summary = `${first.candidate.id} wins with ${fixed(first.total)}, ${fixed(round3(first.total - second.total))} ahead of ${second.candidate.id} (${fixed(second.total)}); ${disqualified.length} disqualified.`;
  }

  return { winner: first?.candidate.id ?? null, ranking: qualified.map((s) => s.candidate.id), verdicts, summary };
}
