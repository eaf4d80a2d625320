/**
 * Measures the reference guards on the lab's data, with the committed weights:
 *
 *   node solutions/06-safety/scripts/evaluate.ts
 *
 * 1. Injection: the cross-validated figures of the whole guard (heuristics + classifier, each fold
 *    predicted by a model trained without it), then the committed model on the whole file
 *    (training fit — printed for contrast, not as the headline).
 * 2. PII: precision / recall per type, exact span match, on presidio-synth-train.json.
 */
import { readFileSync } from 'node:fs';
import { loadAugmentationRows, loadInjectionRows, stratifiedFolds } from '../src/injection/dataset.ts';
import { defaultDetector, trainDetector, WEIGHTS_FILE } from '../src/injection/detector.ts';
import { type ConfusionMatrix, confusionMatrix, formatConfusion, rates } from '../src/injection/metrics.ts';
import { loadPiiRecords, scorePii } from '../src/pii/evaluation.ts';
import { findPII } from '../src/pii/redact.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rows = loadInjectionRows();
const augmentation = loadAugmentationRows();
const committed = defaultDetector();
// Cross-validate with the same L2 penalty the training script chose (recorded in the weights file).
const l2 = Number(JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')).provenance?.train?.l2 ?? 1e-5);

console.log('## Prompt injection (deepset/prompt-injections train split, 546 rows)\n');
const folds = stratifiedFolds(rows, 5, 2025);
let cv: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
folds.forEach((test, k) => {
  const { detector } = trainDetector(folds.filter((_, j) => j !== k).flat(), { augmentation, train: { l2 } });
  const m = confusionMatrix(
    test.map((r) => detector.classify(r.text).flagged),
    test.map((r) => r.label),
  );
  cv = { tp: cv.tp + m.tp, fp: cv.fp + m.fp, tn: cv.tn + m.tn, fn: cv.fn + m.fn };
});
const r = rates(cv);
console.log('5-fold cross-validation (heuristics + classifier; threshold chosen inside each training fold):');
console.log(formatConfusion(cv));
console.log(`accuracy ${pct(r.accuracy)}  TPR ${pct(r.tpr)}  FPR ${pct(r.fpr)}  precision ${pct(r.precision)}\n`);

const fit = confusionMatrix(
  rows.map((row) => committed.classify(row.text).flagged),
  rows.map((row) => row.label),
);
const f = rates(fit);
console.log(
  `committed weights on all 546 rows (80 % of them seen in training — optimistic): accuracy ${pct(f.accuracy)}  TPR ${pct(f.tpr)}  FPR ${pct(f.fpr)}\n`,
);

console.log('## PII (presidio-research synth_dataset_v2, first 1,000 records; exact span match)\n');
const scores = scorePii(loadPiiRecords(), findPII);
console.log('| type | gold | TP | FP | FN | precision | recall |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [type, s] of Object.entries(scores)) {
  console.log(`| ${type} | ${s.tp + s.fn} | ${s.tp} | ${s.fp} | ${s.fn} | ${pct(s.precision)} | ${pct(s.recall)} |`);
}
