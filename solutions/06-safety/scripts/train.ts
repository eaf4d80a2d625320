/**
 * Chooses, trains and writes the input guard's classifier (deterministic: same data, same files):
 *
 *   node solutions/06-safety/scripts/train.ts
 *
 * 1. Model selection on the dev split only, by 5-fold grouped cross-validation (near-duplicates
 *    never straddle folds), repeated over five fold seeds: for each candidate (n-grams × L2),
 *    out-of-fold scores of every dev prompt, then the operating point
 *    `chooseOperatingPoint` picks at `GUARD_BUDGET` — chosen on four folds' scores, applied to the
 *    fifth — and the candidate with the lowest mean cost per prompt wins.
 * 2. The `dev` model: the winner trained on all of dev, with its out-of-fold dev scores. The DoD
 *    judges the operating point with it on the test split it never saw (`scripts/evaluate.ts`).
 * 3. The `production` model: the same recipe refit on every labelled prompt (dev + test), with its
 *    own out-of-fold scores (grouped CV over all of them), as one does before shipping. It is
 *    behind `detectInjection`; its figures are cross-validated ones.
 *
 * Other ideas (word vectors, class weights, ensembles, …) were measured the same way and did not
 * hold up: `scripts/ideas.ts` reproduces them.
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
import { seededRandom, shuffled } from '../src/injection/random.ts';

const FOLDS = 5;
const CV_SEEDS = [2025, 11, 23, 5, 77];
const CHAR_3_5: FeatureOptions = { ...DEFAULT_FEATURES, charNgrams: [3, 5] };
const CHAR_2_5: FeatureOptions = { ...DEFAULT_FEATURES, charNgrams: [2, 5] };
const CANDIDATES: [string, ModelOptions][] = [
  ['words 1–2, char 3–5 across, l2 1e-6 (previous)', { features: CHAR_3_5, train: { l2: 1e-6 } }],
  ['words 1–2, char 3–5 across, l2 1e-4', { features: CHAR_3_5, train: { l2: 1e-4 } }],
  ['words 1–2, char 2–5 across, l2 1e-6', { features: CHAR_2_5, train: { l2: 1e-6 } }],
  ['words 1–2, char 2–5 across, l2 1e-4', { features: CHAR_2_5, train: { l2: 1e-4 } }],
];

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const line = (k: GuardKpis) =>
  `accuracy ${pct(k.accuracy)}  TPR ${pct(k.tpr)}  false flags ${pct(k.falseFlagRate)}  over-refusal ${pct(k.overRefusal)}  cost/prompt ${k.costPerPrompt.toFixed(3)}`;

type Row = LabelledText & { split: ScoredPrompt['split'] };
const tagged = (injections: LabelledText[], direct: LabelledText[]): Row[] => [
  ...injections.map((row) => ({ ...row, split: 'injections' as const })),
  ...direct.map((row) => ({ ...row, split: 'direct-requests' as const })),
];
const dev = loadDevRows();
const rows = tagged(dev.injections, dev.directRequests);

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

/** The mean of each KPI over repetitions. */
function meanKpis(runs: readonly GuardKpis[]): GuardKpis {
  const mean = (key: keyof GuardKpis) => runs.reduce((sum, k) => sum + k[key], 0) / runs.length;
  return {
    tpr: mean('tpr'),
    falseFlagRate: mean('falseFlagRate'),
    overRefusal: mean('overRefusal'),
    accuracy: mean('accuracy'),
    costPerPrompt: mean('costPerPrompt'),
  };
}

/** Stratified random folds: near-duplicates may straddle them (the optimistic reference figure). */
function randomFolds(all: readonly Row[], k: number, seed: number): number[][] {
  const order = shuffled(
    all.map((_, i) => i),
    seededRandom(seed),
  ).sort((a, b) => (all[a] as Row).label - (all[b] as Row).label);
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((row, n) => {
    folds[n % k]?.push(row);
  });
  return folds;
}

/** Out-of-fold scores and cross-validated KPIs for each fold seed; the first seed's scores are kept. */
function crossValidate(
  all: readonly Row[],
  options: ModelOptions,
  makeFolds: (all: readonly Row[], k: number, seed: number) => number[][] = groupedFolds,
) {
  let first: ScoredPrompt[] | undefined;
  const runs = CV_SEEDS.map((seed) => {
    const folds = makeFolds(all, FOLDS, seed);
    const scored = outOfFoldScores(all, folds, options);
    first ??= scored;
    return crossValidatedKpis(scored, folds);
  });
  return { scored: first as ScoredPrompt[], kpis: meanKpis(runs) };
}

console.log(
  `dev: ${dev.injections.length} deepset prompts (${dev.injections.filter((r) => r.label === 1).length} injections) + ${dev.directRequests.length} direct requests; ${FOLDS} grouped folds × ${CV_SEEDS.length} seeds; budget: miss ${GUARD_BUDGET.miss}, false flag ${GUARD_BUDGET.falseFlag}, over-refusal <= ${GUARD_BUDGET.maxOverRefusal}\n`,
);
let best: { name: string; options: ModelOptions; scored: ScoredPrompt[]; kpis: GuardKpis } | undefined;
for (const [name, options] of CANDIDATES) {
  const { scored, kpis } = crossValidate(rows, options);
  console.log(`${name.padEnd(48)} ${line(kpis)}`);
  if (!best || kpis.costPerPrompt < best.kpis.costPerPrompt) best = { name, options, scored, kpis };
}
if (!best) throw new Error('no candidates');
const chosen = best;
console.log(`\nchosen: ${chosen.name}`);
console.log(`cross-validated (operating point chosen on the other folds): ${line(chosen.kpis)}`);

const labModelDir = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '06-safety', 'src', 'model');
const solutionModelDir = path.resolve(import.meta.dirname, '..', 'src', 'model');
function write(which: GuardModel, trainRows: readonly Row[], scored: ScoredPrompt[], kpis: GuardKpis): void {
  const { options } = chosen;
  const weights = serializeModel(options.features ?? DEFAULT_FEATURES, trainModel(trainRows, options), {
    data:
      which === 'dev'
        ? 'labs/06-safety/fixtures/{injections,direct-requests}.dev.jsonl'
        : 'labs/06-safety/fixtures/{injections,direct-requests}.{dev,test}.jsonl',
    sources: 'deepset/prompt-injections (Apache-2.0); direct requests written for this lab',
    script: 'solutions/06-safety/scripts/train.ts',
    train: { ...DEFAULT_TRAIN, ...options.train },
    crossValidated: { folds: FOLDS, seeds: CV_SEEDS, grouped: true, budget: GUARD_BUDGET, ...kpis },
  });
  const scores = jsonForRepo({
    format: 'dev-scores/v1',
    provenance: {
      script: 'solutions/06-safety/scripts/train.ts',
      model: which,
      folds: FOLDS,
      seed: CV_SEEDS[0],
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

const devPoint = chooseOperatingPoint(chosen.scored, GUARD_BUDGET);
console.log(`dev model: operating point on all dev scores: threshold ${devPoint.threshold.toFixed(4)}`);
write('dev', rows, chosen.scored, chosen.kpis);

const everything = [
  ...rows,
  ...tagged(
    loadInjectionRows(path.join(FIXTURES_DIR, 'injections.test.jsonl')),
    loadInjectionRows(path.join(FIXTURES_DIR, 'direct-requests.test.jsonl')),
  ),
];
const production = crossValidate(everything, chosen.options);
console.log(
  `\nproduction model (refit on dev + test, ${everything.length} prompts), grouped CV: ${line(production.kpis)}`,
);
console.log(
  `                                          random folds: ${line(crossValidate(everything, chosen.options, randomFolds).kpis)}`,
);
console.log(
  `production operating point: threshold ${chooseOperatingPoint(production.scored, GUARD_BUDGET).threshold.toFixed(4)}`,
);
write('production', everything, production.scored, production.kpis);
console.log(`wrote {dev,production}-{weights,scores}.json to ${solutionModelDir} and ${labModelDir}`);
