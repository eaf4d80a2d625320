/**
 * Are the dev and test families of lab 05 equally hard? Prints, for DoD-2 and DoD-3, how each split
 * is made up and how several rules score on both, next to the gap that chance alone gives: the
 * same rows re-split 2,000 times the way make-datasets.ts splits them (neighbours by kind and
 * difficulty, one to each side). A gap inside that range is the noise of 40 or 60 rows per side,
 * not a harder family. Reads the test splits, so it is for the maintainers, never for calibration:
 *
 *   node solutions/05-prompt-engineering/scripts/compare-splits.ts
 */
import { percentile, seededRandom } from '@workshop/kit';
import {
  BANDS,
  bandOf,
  type CanaryScenario,
  type Guard,
  loadCanaries,
  scoreGuard,
} from '../../../labs/05-prompt-engineering/test/canaries.ts';
import {
  loadSuites,
  type Rule,
  type SimulatedSuite,
  scoreRule,
} from '../../../labs/05-prompt-engineering/test/suites.ts';
import { regressed } from '../src/regression/flaky.ts';
import { guardDecision } from '../src/rollout/guard.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Worst band of one kind's error, over scenarios whose per-scenario error rates are known. */
function worstBand(rows: { scenario: CanaryScenario; wrong: number }[], kind: 'good' | 'bad'): number {
  return Math.max(
    ...BANDS.map((band) => {
      const mine = rows.filter((r) => r.scenario.kind === kind && bandOf(r.scenario) === band);
      return mine.reduce((sum, r) => sum + r.wrong, 0) / Math.max(1, mine.length);
    }),
  );
}

/** The spread of dev minus test over random re-splits, pairing neighbours sorted by `key`. */
function chanceGap<T>(rows: T[], key: (row: T) => number, figure: (side: T[]) => number): string {
  const sorted = [...rows].sort((a, b) => key(a) - key(b));
  const random = seededRandom(605);
  const gaps: number[] = [];
  for (let i = 0; i < 2000; i += 1) {
    const dev: T[] = [];
    const test: T[] = [];
    for (let j = 0; j < sorted.length; j += 2) {
      const [a, b] = random() < 0.5 ? [sorted[j], sorted[j + 1]] : [sorted[j + 1], sorted[j]];
      if (a) dev.push(a);
      if (b) test.push(b);
    }
    gaps.push(figure(dev) - figure(test));
  }
  return `${pct(percentile(gaps, 5))} to ${pct(percentile(gaps, 95))}`;
}

// ---- DoD-3: canaries ------------------------------------------------------------------------

/** Wald's SPRT with the baseline plugged in, optionally discounted by its share (the reference's family). */
const sprt =
  (alpha: number, beta: number, discounted: boolean): Guard =>
  (baseline, canary, { regression }) => {
    const p0 = (baseline.failures + 0.5) / (baseline.requests + 1);
    const p1 = Math.min(p0 + regression, 0.999);
    const weight = discounted ? baseline.requests / (baseline.requests + canary.requests || 1) : 1;
    const passes = canary.requests - canary.failures;
    const llr = weight * (canary.failures * Math.log(p1 / p0) + passes * Math.log((1 - p1) / (1 - p0)));
    const action =
      llr >= Math.log((1 - beta) / alpha) ? 'rollback' : llr <= Math.log(beta / (1 - alpha)) ? 'promote' : 'continue';
    return { action, reason: '' };
  };

const canaries = { dev: loadCanaries('dev'), test: loadCanaries('test') };
const all = [...canaries.dev, ...canaries.test];
const difficulty = (s: CanaryScenario) =>
  (s.kind === 'bad' ? 1e6 : 0) + (s.baselineRate * (1 - s.baselineRate)) / s.regression ** 2;
console.log('DoD-3 canaries: scenarios per kind and band, ramps, good canaries at exactly the baseline rate');
for (const [split, rows] of Object.entries(canaries)) {
  const count = (kind: string, band: string) => rows.filter((s) => s.kind === kind && bandOf(s) === band).length;
  const cells = BANDS.map((b) => `${b} ${count('good', b)}/${count('bad', b)}`).join(', ');
  const ramps = [5, 10, 20, 25, 50].map((p) => `${p} %: ${rows.filter((s) => s.percent === p).length}`).join(', ');
  const equal = rows.filter((s) => s.kind === 'good' && s.canaryRate === s.baselineRate).length;
  console.log(`  ${split.padEnd(4)} good/bad ${cells} · ramps ${ramps} · equal-rate good ${equal}`);
}
const guards: [string, Guard][] = [
  ['reference (SPRT, discounted, α 0.03, β 0.10)', guardDecision],
  ['SPRT, discounted, α 0.05, β 0.10', sprt(0.05, 0.1, true)],
  ['SPRT, plain plug-in, α 0.02, β 0.10', sprt(0.02, 0.1, false)],
];
console.log('  guard: worst-band false rollbacks dev / test (gap; chance gap, 90 %) · worst-band missed, the same');
for (const [name, guard] of guards) {
  const dev = scoreGuard(canaries.dev, guard);
  const test = scoreGuard(canaries.test, guard);
  const pooled = scoreGuard(all, guard).perScenario;
  const line = (key: 'falseRollbacks' | 'missedRegressions', kind: 'good' | 'bad') =>
    `${pct(dev[key])} / ${pct(test[key])} (${pct(dev[key] - test[key])}; ${chanceGap(
      pooled,
      (r) => difficulty(r.scenario),
      (side) => worstBand(side, kind),
    )})`;
  console.log(
    `  ${name}\n    false rollbacks ${line('falseRollbacks', 'good')} · missed ${line('missedRegressions', 'bad')}`,
  );
}

console.log('  reference per band, dev / test: false rollbacks, good undecided · missed = promoted + undecided');
const perBand = { dev: scoreGuard(canaries.dev, guardDecision), test: scoreGuard(canaries.test, guardDecision) };
for (const band of BANDS) {
  const [d, t] = [perBand.dev.bands[band], perBand.test.bands[band]];
  console.log(
    `  ${band.padEnd(6)} ${pct(d.falseRollbacks)} / ${pct(t.falseRollbacks)}, ${pct(d.goodUndecided)} / ${pct(t.goodUndecided)}` +
      ` · ${pct(d.missed.promoted)} + ${pct(d.missed.undecided)} / ${pct(t.missed.promoted)} + ${pct(t.missed.undecided)}`,
  );
}

// ---- DoD-2: suites --------------------------------------------------------------------------

const suites = { dev: loadSuites('dev'), test: loadSuites('test') };
const assertions = (s: SimulatedSuite) => s.cases.flatMap((c) => c.assertions);
const isRegressed = (s: SimulatedSuite) => assertions(s).some((a) => a.regressed);
console.log('\nDoD-2 suites: regressed suites, assertions, flaky ones (under 90 % on the baseline)');
for (const [split, rows] of Object.entries(suites)) {
  const flat = rows.flatMap(assertions);
  const flaky = flat.filter((a) => a.baseline < 0.9).length;
  console.log(
    `  ${split.padEnd(4)} regressed ${rows.filter(isRegressed).length} of ${rows.length}, assertions ${flat.length}, flaky ${flaky}`,
  );
}
const rules: [string, Rule, number][] = [
  ['reference (Fisher, one-sided 5 %) at 9 runs', regressed, 9],
  ['Fisher at 8 runs', regressed, 8],
  ['at least 4 fewer passes at 8 runs', (b, c) => b.passed - c.passed >= 4, 8],
  ['at least 5 fewer passes at 9 runs', (b, c) => b.passed - c.passed >= 5, 9],
];
console.log('  rule: false alarms dev / test (gap; chance gap, 90 %) · missed, the same');
for (const [name, rule, runs] of rules) {
  const dev = scoreRule(suites.dev, rule, runs);
  const test = scoreRule(suites.test, rule, runs);
  const pooled = scoreRule([...suites.dev, ...suites.test], rule, runs).perSuite;
  const flakiness = (r: { suite: SimulatedSuite }) =>
    (isRegressed(r.suite) ? 1e6 : 0) + assertions(r.suite).filter((a) => a.baseline < 0.9).length;
  const rate = (regressedKind: boolean) => (side: typeof pooled) => {
    const mine = side.filter((r) => isRegressed(r.suite) === regressedKind);
    return mine.reduce((sum, r) => sum + r.wrong, 0) / Math.max(1, mine.length);
  };
  const line = (key: 'falseAlarms' | 'missed', regressedKind: boolean) =>
    `${pct(dev[key])} / ${pct(test[key])} (${pct(dev[key] - test[key])}; ${chanceGap(pooled, flakiness, rate(regressedKind))})`;
  console.log(`  ${name}\n    false alarms ${line('falseAlarms', false)} · missed ${line('missed', true)}`);
}
