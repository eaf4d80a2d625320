/**
 * Calibrate your acceptance rule on the DEV split: `node labs/02-model-strategy/src/dev-report.ts`.
 * Prints the KPIs DoD-1 and DoD-2 judge (on the test split, which this report never reads): the
 * share of near-miss candidates your rule accepts, the share of clearly good ones, and the trials
 * it spends, per family and overall; then what your rule does on a few records.
 * Given code: the same in the starter and the solution.
 */
import { fileURLToPath } from 'node:url';
import { loadFamilies, scoreRule, TARGETS, walk } from '../../../labs/02-model-strategy/test/simulation.ts';
import { judgeEvidence } from './acceptance.ts';
import { loadGoldenSet } from './golden.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(7);
const GOLDEN = fileURLToPath(new URL('../../../labs/02-model-strategy/fixtures/golden-tickets.jsonl', import.meta.url));

function main(): void {
  const rows = loadFamilies('dev');
  const score = scoreRule(rows, judgeEvidence);
  const candidates = rows.reduce((sum, r) => sum + r.candidates, 0);
  console.log(`dev split: ${rows.length} families, ${candidates} simulated candidates with known true rates\n`);
  console.log('family                 bar   true rate      accepted  rejected  not proven  trials/candidate');
  for (const { row, accepted, rejected, notProven, trials } of score.rows) {
    const share = (n: number) => pct(n / row.candidates);
    const rates = `${row.rates[0].toFixed(3)}–${row.rates[1].toFixed(3)}`;
    console.log(
      `${row.family.padEnd(22)} ${row.bar.toFixed(2)}  ${rates}  ${share(accepted)}   ${share(rejected)}   ${share(notProven)}     ${(trials / row.candidates).toFixed(0).padStart(5)}`,
    );
  }
  console.log(
    `\nfalse accepts (near-miss accepted)  ${pct(score.falseAccepts)}   DoD-1: at most ${pct(TARGETS.falseAccepts)}`,
  );
  console.log(
    `clearly good accepted               ${pct(score.goodAccepted)}   DoD-1: at least ${pct(TARGETS.goodAccepted)}`,
  );
  console.log(
    `trials per candidate                ${score.meanTrials.toFixed(1).padStart(7)}     DoD-2: at most ${TARGETS.meanTrials}`,
  );
  console.log('DoD-1 and DoD-2 judge the test split, which has other candidates and a bar dev does not have.\n');

  // What the rule does on a few records at the spec's bar: where it stops, and with which verdict.
  const bar = 0.9;
  const maxTrials = 200;
  const records: [string, (trial: number) => boolean][] = [
    ['every trial succeeds', () => true],
    ['one trial in 20 fails (95 %)', (t) => t % 20 !== 0],
    ['one trial in 10 fails (90 %, the bar)', (t) => t % 10 !== 0],
    ['every trial fails', () => false],
  ];
  console.log(`your rule at bar ${bar}, at most ${maxTrials} trials:`);
  for (const [label, succeeds] of records) {
    const stop = walk(judgeEvidence, bar, succeeds, maxTrials);
    const after = stop ? `${stop.verdict} after ${stop.trials} trial${stop.trials === 1 ? '' : 's'}` : 'not proven';
    console.log(`  ${label.padEnd(40)} ${after}`);
  }
  const perfect = walk(judgeEvidence, bar, () => true, maxTrials);
  const golden = loadGoldenSet(GOLDEN).length;
  if (perfect === null || perfect.trials > golden) {
    console.log(
      `\nThe golden set has ${golden} cases: at bar ${bar} your rule cannot accept any candidate with it, not even a perfect one.`,
    );
  }
}

try {
  main();
} catch (error) {
  // One line, no stack: the usual cause is a judgeEvidence that is still a TODO or throws on some evidence.
  console.error(`dev-report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
