/**
 * Your three decisions, measured on the DEV splits: the numbers to choose with. The DoD measures
 * the same KPIs on the test splits, which you never look at.
 *
 *   node labs/12-dev-tools/src/dev-report.ts
 *
 * Given code: identical in the starter. A decision you have not written yet shows as its TODO.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TARGETS } from '../../../labs/12-dev-tools/test/targets.ts';
import { datasetHash } from './dataset-hash.ts';
import {
  FIRST_RUBRIC,
  type JudgedAnswer,
  type JudgeSetup,
  judgeAnswers,
  offlineSimulatedJudge,
} from './helpfulness.ts';
import { agreement, HELPFULNESS_JUDGE } from './judge-setup.ts';
import { compareWithBaseline } from './regression.ts';
import { FIXTURES_DIR, gateKpis, loadDevScenarios, simulateComparisons } from './scenarios.ts';
import type { EvalCase, PairedCase, RegressionVerdict } from './types.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const attempt = <T>(run: () => T): T | string => {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
};
const jsonl = <T>(file: string) =>
  readFileSync(path.join(FIXTURES_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

// ── DoD-1 ───────────────────────────────────────────────────────────────────────────────────────
const scenarios = loadDevScenarios();
console.log(`# Lab 12 — dev report\n\n## DoD-1 when is a candidate worse? (${scenarios.length} dev scenarios)\n`);
const example = scenarios.find((s) => s.broken === 0 && s.cases === 60 && s.flaky > 0.3);
if (example) {
  const [pairs = []] = simulateComparisons(example, 1);
  const moved = (d: (p: PairedCase) => boolean) => pairs.filter(d).length;
  const rate = (p: PairedCase) => p.candidate.passed / p.candidate.trials - p.baseline.passed / p.baseline.trials;
  const passRate = (side: 'baseline' | 'candidate') =>
    pairs.reduce((sum, p) => sum + p[side].passed / p[side].trials, 0) / pairs.length;
  console.log(
    `One re-run of ${example.id} (nothing changed): pass rate ${pct(passRate('baseline'))} → ${pct(passRate('candidate'))}; ` +
      `${moved((p) => rate(p) < 0)} cases worse, ${moved((p) => rate(p) > 0)} better, ${moved((p) => rate(p) === 0)} unchanged.\n`,
  );
}
const pointEstimate =
  (maxDrop: number) =>
  (pairs: readonly PairedCase[]): RegressionVerdict => {
    const drop = pairs.reduce(
      (s, p) => s + p.baseline.passed / p.baseline.trials - p.candidate.passed / p.candidate.trials,
      0,
    );
    return { regressed: drop / pairs.length > maxDrop + 1e-12, detail: '' };
  };
console.log(
  `rule                                   band         false blocks (<= ${pct(TARGETS.falseBlocks)})  missed (<= ${pct(TARGETS.missed)})`,
);
for (const [name, rule] of [
  ['the old gate: pass rate fell at all', pointEstimate(0)],
  ['pass rate fell by more than 5 points', pointEstimate(0.05)],
  ['yours (compareWithBaseline)', compareWithBaseline],
] as const) {
  const kpis = attempt(() => gateKpis(scenarios, rule, 40));
  if (typeof kpis === 'string') console.log(`${name.padEnd(38)} ${kpis}`);
  else {
    for (const k of kpis) {
      console.log(
        `${name.padEnd(38)} ${k.band.padEnd(12)} ${pct(k.falseBlocks).padStart(22)}  ${pct(k.missed).padStart(16)}`,
      );
    }
  }
}
// Where your rule errs: the dev scenarios with the most wrong decisions (the DoD counts them per band).
const worst = attempt(() =>
  scenarios
    .map((s) => {
      const wrong = simulateComparisons(s, 40).filter((pairs) => compareWithBaseline(pairs).regressed !== s.broken > 0);
      return { id: s.id, wrong: wrong.length };
    })
    .filter((s) => s.wrong > 0)
    .sort((a, b) => b.wrong - a.wrong)
    .slice(0, 6),
);
if (typeof worst !== 'string' && worst.length > 0) {
  console.log('\nyour wrong decisions, worst dev scenarios first (of 40 comparisons each):');
  for (const s of worst) console.log(`  ${s.id.padEnd(36)} ${s.wrong}`);
}
const shown = scenarios[1] ?? scenarios[0];
const verdict = shown ? attempt(() => compareWithBaseline(simulateComparisons(shown, 1)[0] ?? [])) : 'no dev scenario';
if (typeof verdict !== 'string') console.log(`\nyour evidence line on ${shown?.id}: ${verdict.detail}`);

// ── DoD-2 ───────────────────────────────────────────────────────────────────────────────────────
console.log('\n## DoD-2 what identifies a dataset? (fixtures/injection.jsonl)\n');
const cases = jsonl<EvalCase>('injection.jsonl');
const edits: [string, EvalCase[]][] = [
  ['lines in another order', [...cases].reverse()],
  ['keys of each row in another order', cases.map((c) => ({ expected: c.expected, input: c.input, id: c.id }))],
  ['a tag added to one case', cases.map((c, i) => (i === 0 ? { ...c, tags: ['reviewed'] } : c))],
  ['one reference label corrected', cases.map((c, i) => (i === 0 ? { ...c, expected: 'injection' } : c))],
  ['one input edited', cases.map((c, i) => (i === 0 ? { ...c, input: { text: 'Refugee crisis in Europe' } } : c))],
  ['one case removed', cases.slice(1)],
];
const hash = attempt(() => datasetHash(cases));
if (hash.startsWith('TODO')) console.log(`datasetHash: ${hash}`);
else {
  console.log(`datasetHash: ${hash.slice(0, 12)}…\n`);
  for (const [edit, edited] of edits) {
    console.log(`${edit.padEnd(36)} ${datasetHash(edited) === hash ? 'same hash' : 'NEW hash'}`);
  }
}

// ── DoD-3 ───────────────────────────────────────────────────────────────────────────────────────
const rows = jsonl<JudgedAnswer>('judged-answers.dev.jsonl');
const helpful = rows.filter((r) => r.human === 'pass').length;
console.log(
  `\n## DoD-3 the helpfulness judge (${rows.length} dev answers, ${helpful} helpful by people; simulated judge)\n`,
);
const judge = offlineSimulatedJudge();
async function measure(name: string, setup: JudgeSetup, details: boolean) {
  const results = await judgeAnswers(rows, setup, judge);
  const pairs = results.map((r) => ({ judge: r.passed, human: r.row.human === 'pass' }));
  const count = (j: boolean, h: boolean) => pairs.filter((p) => p.judge === j && p.human === h).length;
  const a = attempt(() => agreement(pairs));
  const figures =
    typeof a === 'string' ? `agreement: ${a}` : `accuracy ${pct(a.accuracy)}, kappa ${a.kappa.toFixed(3)}`;
  console.log(
    `${name}: ${figures} (target kappa >= ${TARGETS.kappa} on test); judge pass / people pass ${count(true, true)}, ` +
      `judge pass / people fail ${count(true, false)}, judge fail / people pass ${count(false, true)}, both fail ${count(false, false)}`,
  );
  if (!details) return;
  const wrong = results.filter((r) => r.passed !== (r.row.human === 'pass'));
  const kinds = new Map<string, typeof wrong>();
  for (const r of wrong) kinds.set(r.row.kind, [...(kinds.get(r.row.kind) ?? []), r]);
  console.log(`  disagreements by kind (${wrong.length}; rows marked "disputed" carry the opposite of the guideline):`);
  for (const [kind, list] of kinds) {
    const first = list[0] as (typeof list)[number];
    const people = first.row.human === 'pass' ? 'helpful' : 'not helpful';
    console.log(
      `  - ${kind} ×${list.length}, e.g. ${first.row.id}${first.row.note ? ' (disputed)' : ''}: people "${people}", ${first.detail}`,
    );
    console.log(`      "${first.row.answer.slice(0, 150)}${first.row.answer.length > 150 ? '…' : ''}"`);
  }
}
await measure('the first rubric', FIRST_RUBRIC, HELPFULNESS_JUDGE === FIRST_RUBRIC);
if (HELPFULNESS_JUDGE !== FIRST_RUBRIC) {
  await measure('\nyours', HELPFULNESS_JUDGE, true);
  console.log('\nyour rubric at every pass bar:');
  for (let minScore = 1; minScore <= 5; minScore++) {
    await measure(`  minScore ${minScore}`, { ...HELPFULNESS_JUDGE, minScore }, false);
  }
}
