import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * A provider-selection rubric kept as data: the criteria and their weights, the hard
 * constraints, and each candidate's facts and scores. Reviewing a vendor decision then means
 * reviewing a diff of this file, not re-reading a slide deck.
 */

/** Lowest and highest score a candidate can get on a criterion (5 = best for us). */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
/** How far the weights may drift from 1 through decimal rounding. */
const WEIGHT_TOLERANCE = 1e-6;

const id = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lower-case letters, digits, "_", "-" or "."');
/** A fact's value: a region, a yes/no, a number. */
const factValue = z.union([z.string(), z.boolean(), z.number()]);

const criterion = z.strictObject({
  /** Short id used in scores, e.g. `quality`. */
  id,
  /** Share of the decision, in (0, 1]; all weights sum to 1. */
  weight: z.number().gt(0).max(1),
  /** What a 5 and a 1 mean, so scores can be reviewed. */
  description: z.string().min(1),
});

const constraint = z.strictObject({
  /** Short id, e.g. `eu-data-residency`. */
  id,
  /** The rule in words; shown when it disqualifies a candidate. */
  description: z.string().min(1),
  /** Name of the candidate fact it checks, e.g. `dataResidency`. */
  fact: z.string().min(1),
  /** Values of that fact that pass. A missing fact fails: compliance must be shown, not assumed. */
  allowed: z.array(factValue).min(1),
});

const candidate = z.strictObject({
  /** Short id, e.g. `mistral-small-eu`. */
  id,
  /** Human name. */
  name: z.string().min(1),
  /** Facts the hard constraints check, e.g. `{ dataResidency: eu }`. */
  facts: z.record(z.string(), factValue).default({}),
  /** One integer score per criterion, SCORE_MIN..SCORE_MAX, higher is better for us. */
  scores: z.record(
    z.string(),
    z
      .number()
      .int(`scores must be integers from ${SCORE_MIN} to ${SCORE_MAX}`)
      .min(SCORE_MIN, `scores must be integers from ${SCORE_MIN} to ${SCORE_MAX}`)
      .max(SCORE_MAX, `scores must be integers from ${SCORE_MIN} to ${SCORE_MAX}`),
  ),
  /** Why these scores; reviewers need the reasoning, not just the numbers. */
  notes: z.string().optional(),
});

/** The rubric's field-by-field shape. */
const RubricShape = z.strictObject({
  /** What decision this rubric makes. */
  title: z.string().min(1),
  /** What we judge providers on, with weights summing to 1. */
  criteria: z.array(criterion).min(1),
  /** Hard rules: failing one disqualifies a candidate whatever its score. */
  constraints: z.array(constraint).default([]),
  /** The providers (or deployments) under consideration. */
  candidates: z.array(candidate).min(1),
});

/** A validated rubric. */
export type Rubric = z.output<typeof RubricShape>;

/** The full rubric schema: the shape plus the cross-field rules of `checkRubric`. */
export const RubricSchema = RubricShape.superRefine((rubric, ctx) => {
  for (const issue of checkRubric(rubric)) ctx.addIssue({ code: 'custom', ...issue });
});

export type Criterion = Rubric['criteria'][number];
export type Constraint = Rubric['constraints'][number];
export type Candidate = Rubric['candidates'][number];
export type FactValue = z.output<typeof factValue>;

/** One problem found in a rubric: where, and what is wrong. */
export interface RubricIssue {
  path: (string | number)[];
  message: string;
}

/** A rubric that cannot be used; the message names the file and the field. */
export class RubricError extends Error {
  override readonly name = 'RubricError';
}

/**
 * The rules a schema of independent fields cannot express: the weights sum to 1, ids are
 * unique, every candidate scores every criterion and nothing else.
 */
export function checkRubric(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  const sum = rubric.criteria.reduce((total, c) => total + c.weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    issues.push({ path: ['criteria'], message: `weights must sum to 1, got ${Number(sum.toFixed(6))}` });
  }
  const duplicates = (ids: string[], path: string) => {
    ids.forEach((value, index) => {
      if (ids.indexOf(value) !== index) issues.push({ path: [path, index, 'id'], message: `duplicate id "${value}"` });
    });
  };
  duplicates(
    rubric.criteria.map((c) => c.id),
    'criteria',
  );
  duplicates(
    rubric.candidates.map((c) => c.id),
    'candidates',
  );
  const criterionIds = new Set(rubric.criteria.map((c) => c.id));
  rubric.candidates.forEach((c, index) => {
    for (const criterionId of criterionIds) {
      if (!(criterionId in c.scores)) {
        issues.push({
          path: ['candidates', index, 'scores', criterionId],
          message: `missing score for criterion "${criterionId}"`,
        });
      }
    }
    for (const scored of Object.keys(c.scores)) {
      if (!criterionIds.has(scored)) {
        issues.push({ path: ['candidates', index, 'scores', scored], message: `unknown criterion "${scored}"` });
      }
    }
  });
  return issues;
}

/** `candidates[2].scores.latency` */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/**
 * Validate rubric data (from YAML, JSON or code). Throws a `RubricError` whose one-line message
 * names `source` and every offending field, e.g.
 * `rubric.yaml: criteria: weights must sum to 1, got 0.9`.
 */
export function parseRubric(data: unknown, source = 'rubric'): Rubric {
  const result = RubricSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  throw new RubricError(`${source}: ${problems.join('; ')}`);
}

/** Read and validate a rubric file (YAML or JSON; JSON is valid YAML). */
export async function loadRubric(file: string): Promise<Rubric> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RubricError(`${file}: cannot read the rubric (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new RubricError(`${file}: invalid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  return parseRubric(data, file);
}
