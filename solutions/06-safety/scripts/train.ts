/**
 * Chooses, trains and writes the input guard's classifier (deterministic: same data, same files):
 *
 *   node solutions/06-safety/scripts/train.ts
 *
 * 1. Model selection on the dev split only, by 5-fold grouped cross-validation (near-duplicates
 *    never straddle folds): for each candidate (features × L2), out-of-fold scores of every dev
 *    prompt, then the operating point `chooseOperatingPoint` picks at `GUARD_BUDGET` — chosen on
 *    four folds' scores, applied to the fifth — and the candidate with the lowest cost per prompt wins.
 * 2. The `dev` model: the winner trained on all of dev, with its out-of-fold dev scores. The DoD
 *    judges the operating point with it on the test split it never saw (`scripts/evaluate.ts`).
 * 3. The `production` model: the same recipe refit on every labelled prompt (dev + test), with its
 *    own out-of-fold scores (grouped CV over all of them), as one does before shipping. It is
 *    behind `detectInjection`; its figures are cross-validated ones.
 *
 * Files: `src/model/{dev,production}-{weights,scores}.json`, written to labs/ and solutions/ alike
 * (given files, identical in both).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GUARD_BUDGET } from '../src/costs.ts';
import { type GuardKpis, type GuardModel, guardKpis, type ScoredPrompt } from '../src/injection/calibration.ts';
import {
  FIXTURES_DIR,
  groupedFolds,
  type LabelledText,
  loadDevRows,
  loadInjectionRows,
} from '../src/injection/dataset.ts';
import {
  jsonForRepo,
  type ModelOptions,
  outOfFoldScores,
  serializeModel,
  trainModel,
} from '../src/injection/detector.ts';
import { DEFAULT_FEATURES, type FeatureOptions } from '../src/injection/features.ts';
import { DEFAULT_TRAIN } from '../src/injection/logistic.ts';
import { chooseOperatingPoint } from '../src/injection/operating-point.ts';

const FOLDS = 5;
const CV_SEED = 2025;
const FEATURE_GRID: [string, FeatureOptions][] = [
  ['char 2–5 within words', { ...DEFAULT_FEATURES, charsAcrossWords: false }],
  ['char 2–5 across words', { ...DEFAULT_FEATURES, charsAcrossWords: true }],
  ['char 3–5 across words', { ...DEFAULT_FEATURES, charNgrams: [3, 5], charsAcrossWords: true }],
  ['char 2–5 across, words 1–3', { ...DEFAULT_FEATURES, wordNgrams: [1, 3], charsAcrossWords: true }],
];
const L2_GRID = [1e-6, 1e-5, 1e-4];

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const line = (k: GuardKpis) =>
  `accuracy ${pct(k.accuracy)}  TPR ${pct(k.tpr)}  false flags ${pct(k.falseFlagRate)}  over-refusal ${pct(k.overRefusal)}  cost/prompt ${k.costPerPrompt.toFixed(3)}`;

const tagged = (injections: LabelledText[], direct: LabelledText[]) => [
  ...injections.map((row) => ({ ...row, split: 'injections' as const })),
  ...direct.map((row) => ({ ...row, split: 'direct-requests' as const })),
];
const dev = loadDevRows();
const rows = tagged(dev.injections, dev.directRequests);
const folds = groupedFolds(rows, FOLDS, CV_SEED);

/**
 * Cross-validated KPIs of the whole decision: for each fold, the operating point is chosen on the
 * other folds' out-of-fold scores and applied to this fold's.
 */
function crossValidatedKpis(scored: readonly ScoredPrompt[], folds: readonly number[][]): GuardKpis {
  const decided: ScoredPrompt[] = [];
  for (const fold of folds) {
    const held = new Set(fold);
    const point = chooseOperatingPoint(
      scored.filter((_, i) => !held.has(i)),
      GUARD_BUDGET,
    );
    // Re-express each held-out row's decision as a score against a fixed point (0.5) so that the
    // rows of all folds pool into one summary.
    for (const i of fold) {
      const row = scored[i] as ScoredPrompt;
      decided.push({ ...row, probability: row.probability >= point.threshold ? 1 : 0 });
    }
  }
  return guardKpis(decided, { threshold: 0.5 }, GUARD_BUDGET);
}

console.log(
  `dev: ${dev.injections.length} deepset prompts (${dev.injections.filter((r) => r.label === 1).length} injections) + ${dev.directRequests.length} direct requests; ${FOLDS} grouped folds; budget: miss ${GUARD_BUDGET.miss}, false flag ${GUARD_BUDGET.falseFlag}, over-refusal <= ${GUARD_BUDGET.maxOverRefusal}\n`,
);
let best: { name: string; options: ModelOptions; scored: ScoredPrompt[]; kpis: GuardKpis } | undefined;
for (const [name, features] of FEATURE_GRID) {
  for (const l2 of L2_GRID) {
    const options: ModelOptions = { features, train: { l2 } };
    const scored = outOfFoldScores(rows, folds, options);
    const kpis = crossValidatedKpis(scored, folds);
    console.log(`${`${name}, l2 ${l2.toExponential(0)}`.padEnd(40)} ${line(kpis)}`);
    if (!best || kpis.costPerPrompt < best.kpis.costPerPrompt)
      best = { name: `${name}, l2 ${l2}`, options, scored, kpis };
  }
}
if (!best) throw new Error('empty grid');
console.log(`\nchosen: ${best.name}`);
console.log(`cross-validated (operating point chosen on the other folds): ${line(best.kpis)}`);
const labModelDir = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '06-safety', 'src', 'model');
const solutionModelDir = path.resolve(import.meta.dirname, '..', 'src', 'model');
function write(which: GuardModel, trainRows: typeof rows, scored: ScoredPrompt[], kpis: GuardKpis): void {
  const options = (best as NonNullable<typeof best>).options;
  const weights = serializeModel(options.features ?? DEFAULT_FEATURES, trainModel(trainRows, options), {
    data:
      which === 'dev'
        ? 'labs/06-safety/fixtures/{injections,direct-requests}.dev.jsonl'
        : 'labs/06-safety/fixtures/{injections,direct-requests}.{dev,test}.jsonl',
    sources: 'deepset/prompt-injections (Apache-2.0); direct requests written for this lab',
    script: 'solutions/06-safety/scripts/train.ts',
    train: { ...DEFAULT_TRAIN, ...options.train },
    crossValidated: { folds: FOLDS, seed: CV_SEED, grouped: true, budget: GUARD_BUDGET, ...kpis },
  });
  const scores = jsonForRepo({
    format: 'dev-scores/v1',
    provenance: {
      script: 'solutions/06-safety/scripts/train.ts',
      model: which,
      folds: FOLDS,
      seed: CV_SEED,
      grouped: true,
    },
    rows: scored,
  });
  for (const dir of [solutionModelDir, labModelDir]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${which}-weights.json`), weights);
    writeFileSync(path.join(dir, `${which}-scores.json`), scores);
  }
}

const devPoint = chooseOperatingPoint(best.scored, GUARD_BUDGET);
console.log(`dev model: operating point on all dev scores: threshold ${devPoint.threshold.toFixed(4)}`);
write('dev', rows, best.scored, best.kpis);

const everything = [
  ...rows,
  ...tagged(
    loadInjectionRows(path.join(FIXTURES_DIR, 'injections.test.jsonl')),
    loadInjectionRows(path.join(FIXTURES_DIR, 'direct-requests.test.jsonl')),
  ),
];
const allFolds = groupedFolds(everything, FOLDS, CV_SEED);
const productionScored = outOfFoldScores(everything, allFolds, best.options);
const productionKpis = crossValidatedKpis(productionScored, allFolds);
console.log(
  `\nproduction model (refit on dev + test, ${everything.length} prompts), cross-validated: ${line(productionKpis)}`,
);
console.log(
  `production operating point: threshold ${chooseOperatingPoint(productionScored, GUARD_BUDGET).threshold.toFixed(4)}`,
);
write('production', everything, productionScored, productionKpis);
console.log(`wrote {dev,production}-{weights,scores}.json to ${solutionModelDir} and ${labModelDir}`);
