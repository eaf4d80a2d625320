/**
 * Trains the input guard's classifier and writes its weights as data.
 *
 *   node solutions/06-safety/scripts/train.ts            # from the repo root
 *
 * Reproducible: fixed seeds everywhere, no clock, no randomness from the environment; the same
 * data gives the same `src/model/weights.json` byte for byte.
 *
 * 1. Choose the L2 penalty by 5-fold stratified cross-validation of the whole pipeline
 *    (train → hold out a validation split → threshold at the target FPR → evaluate on the fold).
 * 2. Train the final model on 80 % of the file; pick the threshold on the 20 % it held out.
 * 3. Print the confusion matrices and TPR / FPR / accuracy, then write the weights.
 */
import { writeFileSync } from 'node:fs';
import { loadAugmentationRows, loadInjectionRows, stratifiedFolds } from '../src/injection/dataset.ts';
import {
  type DetectorTrainingOptions,
  serializeDetector,
  trainDetector,
  WEIGHTS_FILE,
} from '../src/injection/detector.ts';
import { DEFAULT_FEATURES } from '../src/injection/features.ts';
import { DEFAULT_TRAIN } from '../src/injection/logistic.ts';
import { type ConfusionMatrix, confusionMatrix, formatConfusion, rates } from '../src/injection/metrics.ts';

const TARGET_FPR = 0.05;
const L2_GRID = [1e-5, 1e-4, 1e-3, 1e-2];
const FOLDS = 5;
const CV_SEED = 2025;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const sum = (a: ConfusionMatrix, b: ConfusionMatrix): ConfusionMatrix => ({
  tp: a.tp + b.tp,
  fp: a.fp + b.fp,
  tn: a.tn + b.tn,
  fn: a.fn + b.fn,
});

/** Pooled confusion matrix of the full guard (heuristics + classifier) over k folds. */
function crossValidate(options: DetectorTrainingOptions, rows = loadInjectionRows()): ConfusionMatrix {
  const folds = stratifiedFolds(rows, FOLDS, CV_SEED);
  let total: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  folds.forEach((test, k) => {
    const train = folds.filter((_, j) => j !== k).flat();
    const { detector } = trainDetector(train, options);
    total = sum(
      total,
      confusionMatrix(
        test.map((row) => detector.classify(row.text).flagged),
        test.map((row) => row.label),
      ),
    );
  });
  return total;
}

const rows = loadInjectionRows();
const augmentation = loadAugmentationRows();
console.log(
  `data: ${rows.length} rows, ${rows.filter((r) => r.label === 1).length} injections; +${augmentation.length} benign direct requests (training folds only)`,
);
console.log(
  `features: 2^${Math.log2(DEFAULT_FEATURES.dimensions)} hashed slots, word ${DEFAULT_FEATURES.wordNgrams.join('–')}-grams, char ${DEFAULT_FEATURES.charNgrams.join('–')}-grams`,
);
console.log(
  `\n${FOLDS}-fold cross-validation of the whole guard, target FPR ${pct(TARGET_FPR)} on each inner validation split:`,
);
let best = { l2: L2_GRID[0] as number, accuracy: -1, matrix: { tp: 0, fp: 0, tn: 0, fn: 0 } as ConfusionMatrix };
for (const l2 of L2_GRID) {
  const matrix = crossValidate({ targetFpr: TARGET_FPR, train: { l2 }, augmentation }, rows);
  const r = rates(matrix);
  console.log(`  l2=${l2.toExponential(0)}  TPR ${pct(r.tpr)}  FPR ${pct(r.fpr)}  accuracy ${pct(r.accuracy)}`);
  if (r.accuracy > best.accuracy) best = { l2, accuracy: r.accuracy, matrix };
}
console.log(
  `\nchosen l2=${best.l2.toExponential(0)}; cross-validated confusion matrix (every row predicted by a model that never saw it):`,
);
console.log(formatConfusion(best.matrix));

const report = trainDetector(rows, { targetFpr: TARGET_FPR, train: { l2: best.l2 }, augmentation });
const v = rates(report.validation);
console.log(
  `\nfinal model: trained on ${report.trainRows} rows, threshold ${report.detector.threshold.toFixed(4)} chosen on ${report.validationRows} held-out rows`,
);
console.log('classifier alone on that validation split (threshold chosen on it, so slightly optimistic):');
console.log(formatConfusion(report.validation));
console.log(`TPR ${pct(v.tpr)}  FPR ${pct(v.fpr)}  accuracy ${pct(v.accuracy)}`);

writeFileSync(
  WEIGHTS_FILE,
  serializeDetector(report.detector, {
    data: 'labs/06-safety/fixtures/deepset-train.jsonl (deepset/prompt-injections, train split, Apache-2.0)',
    script: 'solutions/06-safety/scripts/train.ts',
    targetFpr: TARGET_FPR,
    train: { ...DEFAULT_TRAIN, l2: best.l2 },
    crossValidated: { folds: FOLDS, ...best.matrix, ...rates(best.matrix) },
  }),
);
console.log(`\nwrote ${WEIGHTS_FILE}`);
