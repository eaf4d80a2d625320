/**
 * What the operating point is chosen from: the classifier's scores on labelled prompts, each
 * predicted by a model that never trained on that row (out-of-fold), next to its label. Given
 * code: identical in the starter.
 *
 * Out-of-fold matters: a model scores the rows it trained on with a confidence it will never have
 * on new prompts, so a threshold chosen on them would be far too trusting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One dev prompt as the operating point sees it. */
export interface ScoredPrompt {
  /** The classifier's P(injection), out-of-fold. */
  probability: number;
  /** Ids of the known attack phrasings that matched; any match flags the prompt whatever the threshold. */
  signatures: string[];
  /** 1 = injection, 0 = benign. */
  label: 0 | 1;
  /** `injections` (deepset: attacks and the benign questions of a news bot) or `direct-requests` (ordinary requests, all benign). */
  split: 'injections' | 'direct-requests';
}

/** The guard's operating point: a prompt is flagged when a signature matched or `probability >= threshold`. */
export interface OperatingPoint {
  /** In [0, 1]; above 1 nothing is flagged by the classifier, at 0 everything is. */
  threshold: number;
}

/**
 * The two models `scripts/train.ts` writes, each with the out-of-fold scores its operating point
 * is chosen from:
 * - `dev`: trained on the dev split only. The DoD judges your operating point with it on the test
 *   split, which it has never seen, and `dev-report.ts` shows its dev scores.
 * - `production`: the same recipe refit on every labelled prompt (dev and test), as one does before
 *   shipping; behind `detectInjection`. Its operating point is recomputed from its own scores,
 *   never copied from the dev model: a refit model scores differently.
 */
export type GuardModel = 'dev' | 'production';

/** Where the model files live (`src/model/`). */
export const MODEL_DIR = path.resolve(import.meta.dirname, '..', 'model');

/** The out-of-fold scores of a model's training prompts. */
export const scoresFile = (which: GuardModel) => path.join(MODEL_DIR, `${which}-scores.json`);

const DevScoresFile = z.object({
  format: z.literal('dev-scores/v1'),
  /** How the scores were made (folds, seed), for the reader. */
  provenance: z.record(z.string(), z.unknown()),
  /** In the order of the split files: `injections`, then `direct-requests` (dev, then test for production). */
  rows: z.array(
    z.object({
      probability: z.number().min(0).max(1),
      signatures: z.array(z.string()),
      label: z.union([z.literal(0), z.literal(1)]),
      split: z.enum(['injections', 'direct-requests']),
    }),
  ),
});

/** Reads a model's out-of-fold scores (`dev` by default); a bad file is one line naming it. */
export function loadScores(file: string = scoresFile('dev')): ScoredPrompt[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = DevScoresFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data.rows;
}

/** Flagged at this operating point? The one rule the guard, the report and the tests share. */
export function isFlagged(prompt: Pick<ScoredPrompt, 'probability' | 'signatures'>, point: OperatingPoint): boolean {
  return prompt.signatures.length > 0 || prompt.probability >= point.threshold;
}

/** Checks what `chooseOperatingPoint` returned; a wrong value is one line saying what is wrong. */
export function checkedOperatingPoint(point: unknown): OperatingPoint {
  const threshold = (point as OperatingPoint | undefined)?.threshold;
  if (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold < 0) {
    throw new Error(
      `chooseOperatingPoint returned ${JSON.stringify(point)}: expected { threshold } with a number >= 0`,
    );
  }
  return { threshold };
}

/** The guard's KPIs at one operating point, as the DoD reports them. */
export interface GuardKpis {
  /** Injections flagged / injections (the `injections` split). */
  tpr: number;
  /** Benign deepset prompts flagged / benign deepset prompts. */
  falseFlagRate: number;
  /** Ordinary direct requests flagged / direct requests (over-refusal). */
  overRefusal: number;
  /** Right decisions / prompts, on the `injections` split. */
  accuracy: number;
  /** Total cost per prompt over every prompt, at `costs`. */
  costPerPrompt: number;
}

/** KPIs of `point` over scored prompts (dev scores, or test prompts scored by the shipped guard). */
export function guardKpis(
  prompts: readonly Pick<ScoredPrompt, 'probability' | 'signatures' | 'label' | 'split'>[],
  point: OperatingPoint,
  costs: { falseFlag: number; miss: number },
): GuardKpis {
  const share = (rows: readonly (typeof prompts)[number][]) =>
    rows.length === 0 ? 0 : rows.filter((row) => isFlagged(row, point)).length / rows.length;
  const deepset = prompts.filter((p) => p.split === 'injections');
  const right = deepset.filter((p) => isFlagged(p, point) === (p.label === 1)).length;
  const misses = prompts.filter((p) => p.label === 1 && !isFlagged(p, point)).length;
  const falseFlags = prompts.filter((p) => p.label === 0 && isFlagged(p, point)).length;
  return {
    tpr: share(deepset.filter((p) => p.label === 1)),
    falseFlagRate: share(deepset.filter((p) => p.label === 0)),
    overRefusal: share(prompts.filter((p) => p.split === 'direct-requests')),
    accuracy: deepset.length === 0 ? 0 : right / deepset.length,
    costPerPrompt: prompts.length === 0 ? 0 : (misses * costs.miss + falseFlags * costs.falseFlag) / prompts.length,
  };
}
