/**
 * The reference's figures on the lab's TEST split, as the DoD measures them:
 *
 *   node solutions/06-safety/scripts/evaluate.ts
 *
 * 1. Input guard — the `dev` model (it never saw the test split) at the operating point
 *    `chooseOperatingPoint` picks from its dev scores: TPR, false flags and accuracy on
 *    `injections.test.jsonl`, over-refusal on `direct-requests.test.jsonl`. (The `production` model
 *    behind `detectInjection` trained on the test split too; its figures are the cross-validated
 *    ones of `scripts/train.ts`.)
 * 2. Escalation policy on the same prompts and on the Presidio-derived answers: false blocks,
 *    review load, raw PII delivered.
 * 3. Transcript log on `pii-conversations.test.jsonl`: exposed values and traceability per type.
 *
 * 4. The given detector (`@workshop/pii`) itself: span precision / recall per type on all 1,000
 *    Presidio records.
 *
 * The cross-validated figures come from `scripts/train.ts` (dev split only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GUARD_BUDGET } from '../src/costs.ts';
import { guardKpis } from '../src/injection/calibration.ts';
import { FIXTURES_DIR, loadInjectionRows } from '../src/injection/dataset.ts';
import { loadGuard } from '../src/injection/detector.ts';
import { confusionMatrix, formatConfusion } from '../src/injection/metrics.ts';
import {
  answerScenarios,
  type Conversation,
  inputPolicyKpis,
  outputPolicyKpis,
  transcriptKpis,
} from '../src/measure.ts';
import { loadPiiRecords, scorePii } from '../src/pii/evaluation.ts';
import { findPII } from '../src/pii/redact.ts';
import { createTranscriptLog } from '../src/pii/transcript.ts';
import { SafetyPolicy } from '../src/policy.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const detector = loadGuard('dev');
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

console.log('\n## Escalation policy, test split\n');
const policy = new SafetyPolicy({ detect: (text) => detector.classify(text) });
const inputs = inputPolicyKpis(
  [...injections, ...direct].map((row) => ({ label: row.label, action: policy.checkInput(row.text).action })),
);
console.log(
  `prompts: false blocks ${pct(inputs.falseBlocks)}, review load ${pct(inputs.reviewLoad)}, injections through ${pct(inputs.injectionsThrough)}`,
);
const conversations = readFileSync(path.join(FIXTURES_DIR, 'pii-conversations.test.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Conversation);
const canary = 'canary-5f0c9e2a7b3d1e48';
const answers = answerScenarios(conversations, canary);
const outputs = outputPolicyKpis(
  answers.map((answer) => {
    const decision = policy.checkOutput(answer.text, { canary });
    return { ...answer, action: decision.action, delivered: decision.text };
  }),
);
console.log(
  `answers (${answers.length}): raw PII delivered ${pct(outputs.rawPiiDelivered)}, payment data unreviewed ${pct(outputs.paymentDataUnreviewed)}, canary leaks delivered ${pct(outputs.leaksDelivered)}, routine answers held ${pct(outputs.routineHeld)}`,
);

console.log(`\n## Transcript log, test split (${conversations.length} conversations)\n`);
const transcript = transcriptKpis(conversations, () => createTranscriptLog({ serviceKey: Buffer.alloc(32, 42) }));
console.log('| type | values | exposed | traceable |');
console.log('|---|---:|---:|---:|');
for (const [type, k] of Object.entries(transcript.byType)) {
  console.log(`| ${type} | ${k.spans} | ${pct(k.exposed)} | ${pct(k.traceable)} |`);
}
console.log(`turns changed in nothing but their values: ${pct(transcript.preserved)}`);

console.log('\n## @workshop/pii (given), exact span match on all 1,000 Presidio records\n');
console.log('| type | gold | TP | FP | FN | precision | recall |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [type, k] of Object.entries(scorePii(loadPiiRecords(), findPII))) {
  console.log(`| ${type} | ${k.tp + k.fn} | ${k.tp} | ${k.fp} | ${k.fn} | ${pct(k.precision)} | ${pct(k.recall)} |`);
}
