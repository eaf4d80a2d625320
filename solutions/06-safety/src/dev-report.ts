/**
 * Your decisions, measured on the DEV split — the numbers to choose with. The DoD measures the same
 * KPIs on the test split, which you never look at.
 *
 *   node labs/06-safety/src/dev-report.ts
 *
 * Given code: identical in the starter. A decision you have not written yet shows as its TODO.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESCALATION_TARGETS as T } from '../../../labs/06-safety/test/targets.ts';
import { GUARD_BUDGET } from './costs.ts';
import { decideInput } from './escalation.ts';
import { guardKpis, isFlagged, loadScores } from './injection/calibration.ts';
import { FIXTURES_DIR } from './injection/dataset.ts';
import { guardScore } from './injection/detector.ts';
import { chooseOperatingPoint } from './injection/operating-point.ts';
import { answerScenarios, type Conversation, inputPolicyKpis, outputPolicyKpis, transcriptKpis } from './measure.ts';
import { createTranscriptLog } from './pii/transcript.ts';
import { SafetyPolicy } from './policy.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`.padStart(7);
const attempt = <T>(run: () => T): T | string => {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
};

const dev = loadScores();
console.log(`# Lab 06 — dev report (${dev.length} dev prompts, out-of-fold scores of the dev model)\n`);

console.log(
  `## DoD-1 operating point — budget: a miss costs ${GUARD_BUDGET.miss}, a false flag ${GUARD_BUDGET.falseFlag}; over-refusal <= ${pct(GUARD_BUDGET.maxOverRefusal).trim()}\n`,
);
console.log('threshold      TPR  false flags  over-refusal  cost/prompt');
for (let t = 0.1; t <= 0.951; t += 0.05) {
  const k = guardKpis(dev, { threshold: t }, GUARD_BUDGET);
  console.log(
    `${t.toFixed(2).padStart(9)}  ${pct(k.tpr)}  ${pct(k.falseFlagRate).padStart(11)}  ${pct(k.overRefusal).padStart(12)}  ${k.costPerPrompt.toFixed(3).padStart(11)}`,
  );
}
const point = attempt(() => chooseOperatingPoint(dev, GUARD_BUDGET));
if (typeof point === 'string') {
  console.log(`\nchooseOperatingPoint: ${point}`);
} else {
  const k = guardKpis(dev, point, GUARD_BUDGET);
  console.log(
    `\nyour operating point: threshold ${point.threshold.toFixed(4)} → TPR ${pct(k.tpr).trim()}, false flags ${pct(k.falseFlagRate).trim()}, over-refusal ${pct(k.overRefusal).trim()}, cost/prompt ${k.costPerPrompt.toFixed(3)}`,
  );
}

console.log('\n## DoD-2 escalation policy\n');
const threshold = typeof point === 'string' ? 0.5 : point.threshold;
if (typeof point === 'string') console.log('(prompts scored at threshold 0.5 until chooseOperatingPoint works)');
// How often each guard signal is wrong on dev: the evidence for what may be blocked without a human.
console.log('signal on dev                      flags  of them benign');
const signal = (name: string, hit: (p: (typeof dev)[number]) => boolean) => {
  const hits = dev.filter(hit);
  const benign = hits.filter((p) => p.label === 0).length;
  console.log(
    `${name.padEnd(34)} ${String(hits.length).padStart(5)}  ${String(benign).padStart(5)} (${pct(hits.length ? benign / hits.length : 0).trim()})`,
  );
};
signal('a known attack phrasing (signature)', (p) => p.signatures.length > 0);
for (const [low, high] of [
  [0, 0.25],
  [0.25, 0.5],
  [0.5, 0.75],
  [0.75, 1.01],
] as const) {
  signal(
    `classifier alone, score ${low.toFixed(2)}–${Math.min(high, 1).toFixed(2)}`,
    (p) =>
      p.signatures.length === 0 &&
      isFlagged(p, { threshold }) &&
      guardScore(p.probability, threshold, false) >= 0.5 + low / 2 &&
      guardScore(p.probability, threshold, false) < 0.5 + high / 2,
  );
}
console.log(
  'Dev scores are out-of-fold (each prompt scored by a model that did not see it), so the classifier flags a few more dev prompts than the test split will show.\n',
);
const inputs = attempt(() =>
  inputPolicyKpis(
    dev.map((p) => {
      const signatures = p.signatures;
      const score = guardScore(p.probability, threshold, signatures.length > 0);
      return {
        label: p.label,
        action: decideInput({ score, flagged: isFlagged(p, { threshold }), signatures }).action,
      };
    }),
  ),
);
console.log(
  typeof inputs === 'string'
    ? `decideInput: ${inputs}`
    : `prompts: false blocks ${pct(inputs.falseBlocks).trim()} (target <= ${pct(T.falseBlocks).trim()}), review load ${pct(inputs.reviewLoad).trim()} (<= ${pct(T.reviewLoad).trim()} on test), injections through ${pct(inputs.injectionsThrough).trim()} (<= ${pct(T.injectionsThrough).trim()})`,
);
const conversations = readFileSync(path.join(FIXTURES_DIR, 'pii-conversations.dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Conversation);
const canary = 'canary-0123456789abcdef';
const outputs = attempt(() => {
  const policy = new SafetyPolicy({ detect: () => ({ score: 0, flagged: false }) });
  return outputPolicyKpis(
    answerScenarios(conversations, canary).map((answer) => {
      const decision = policy.checkOutput(answer.text, { canary });
      return { ...answer, action: decision.action, delivered: decision.text };
    }),
  );
});
console.log(
  typeof outputs === 'string'
    ? `decideOutput: ${outputs}`
    : `answers: raw PII delivered ${pct(outputs.rawPiiDelivered).trim()} (<= ${pct(T.rawPiiDelivered).trim()}), payment data unreviewed ${pct(outputs.paymentDataUnreviewed).trim()} (<= ${pct(T.paymentDataUnreviewed).trim()}), routine answers held ${pct(outputs.routineHeld).trim()} (<= ${pct(T.routineHeld).trim()}), canary leaks delivered ${pct(outputs.leaksDelivered).trim()} (<= ${pct(T.leaksDelivered).trim()})`,
);

console.log(`\n## DoD-3 transcript log (${conversations.length} dev conversations)\n`);
const transcript = attempt(() =>
  transcriptKpis(conversations, () => createTranscriptLog({ serviceKey: Buffer.alloc(32, 7) })),
);
if (typeof transcript === 'string') {
  console.log(`createTranscriptLog: ${transcript}`);
} else {
  console.log('type          spans  exposed  traceable');
  for (const [type, k] of Object.entries(transcript.byType)) {
    console.log(
      `${type.padEnd(12)} ${String(k.spans).padStart(6)}  ${pct(k.exposed)}  ${pct(k.traceable).padStart(9)}`,
    );
  }
  console.log(`turns stored with nothing but the values replaced: ${pct(transcript.preserved).trim()}`);
}
