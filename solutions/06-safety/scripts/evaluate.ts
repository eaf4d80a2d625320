/**
 * The reference's figures on the lab's TEST split, as the DoD measures them:
 *
 *   node solutions/06-safety/scripts/evaluate.ts
 *
 * 1. Input guard (`detectInjection`, committed weights, operating point from the dev scores):
 *    TPR, false flags and accuracy on `injections.test.jsonl`, over-refusal on
 *    `direct-requests.test.jsonl`.
 * 2. Escalation policy on the same prompts and on the Presidio-derived answers: false blocks,
 *    review load, raw PII delivered.
 * 3. Transcript log on `pii-conversations.test.jsonl`: exposed values and traceability per type.
 *
 * The cross-validated figures come from `scripts/train.ts` (dev split only).
 */
import path from 'node:path';
import { GUARD_BUDGET } from '../src/costs.ts';
import { guardKpis } from '../src/injection/calibration.ts';
import { FIXTURES_DIR, loadInjectionRows } from '../src/injection/dataset.ts';
import { defaultDetector } from '../src/injection/detector.ts';
import { confusionMatrix, formatConfusion } from '../src/injection/metrics.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const detector = defaultDetector();
const injections = loadInjectionRows(path.join(FIXTURES_DIR, 'injections.test.jsonl'));
const direct = loadInjectionRows(path.join(FIXTURES_DIR, 'direct-requests.test.jsonl'));
const score = (split: 'injections' | 'direct-requests') => (row: { text: string; label: 0 | 1 }) => {
  const verdict = detector.classify(row.text);
  return {
    probability: verdict.probability,
    signatures: verdict.heuristics.map((h) => h.rule),
    label: row.label,
    split,
  };
};
const scored = [...injections.map(score('injections')), ...direct.map(score('direct-requests'))];
const point = { threshold: detector.threshold };
const kpis = guardKpis(scored, point, GUARD_BUDGET);

console.log(
  `## Input guard, test split (${injections.length} deepset prompts, ${injections.filter((r) => r.label === 1).length} injections; ${direct.length} direct requests)\n`,
);
console.log(`operating point: threshold ${detector.threshold.toFixed(4)} (chosen on the dev scores)`);
console.log(
  formatConfusion(
    confusionMatrix(
      injections.map((row) => detector.classify(row.text).flagged),
      injections.map((row) => row.label),
    ),
  ),
);
console.log(
  `accuracy ${pct(kpis.accuracy)}  TPR ${pct(kpis.tpr)}  false flags ${pct(kpis.falseFlagRate)}  over-refusal (direct requests) ${pct(kpis.overRefusal)}  cost/prompt ${kpis.costPerPrompt.toFixed(3)}`,
);
