/**
 * Your decisions, measured on the DEV splits — the numbers to choose with. The DoD measures the
 * same KPIs on the test splits, which you never look at.
 *
 *   node labs/05-prompt-engineering/src/dev-report.ts
 *
 * Given code: identical in the starter. A decision you have not written yet shows as its TODO.
 */
import {
  BANDS,
  bandOf,
  type CanaryScenario,
  loadCanaries,
  SIMULATION,
  scoreGuard,
} from '../../../labs/05-prompt-engineering/test/canaries.ts';
import {
  loadInjections,
  RUBRIC,
  reactTo,
  readPrompt,
  TICKET,
  whiteBoxAttack,
} from '../../../labs/05-prompt-engineering/test/judge-reader.ts';
import { CHECKS_PER_SUITE, loadSuites, scoreRule } from '../../../labs/05-prompt-engineering/test/suites.ts';
import { TARGETS } from '../../../labs/05-prompt-engineering/test/targets.ts';
import { MAX_REPEATS, REPEATS, regressed } from './regression/flaky.ts';
import { judgeMessages } from './regression/judge-prompt.ts';
import { guardDecision } from './rollout/guard.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(7);

/** Runs one section; a TODO or a crash becomes one line, and the other sections still run. */
function section(title: string, run: () => void): void {
  console.log(`\n${title}`);
  try {
    run();
  } catch (error) {
    console.log(`  ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
    process.exitCode = 1;
  }
}

section('DoD-1 — the judge prompt against the dev injected outputs', () => {
  const rows = loadInjections('dev');
  const render = (output: string) => judgeMessages({ rubric: RUBRIC, prompt: TICKET, output });
  const counts = { obeyed: 0, blind: 0, honest: 0 };
  for (const row of rows) {
    const reaction = reactTo(readPrompt(render(row.output)), row);
    counts[reaction] += 1;
    if (reaction === 'obeyed') console.log(`  OBEYED  ${row.id}  ${row.technique}`);
    if (reaction === 'blind')
      console.log(`  UNREAD  ${row.id}  ${row.technique}: the judge cannot read the reply as data`);
  }
  const white = rows.filter((row) => reactTo(readPrompt(render(whiteBoxAttack(render, row))), row) !== 'honest');
  console.log(
    `  ${rows.length} dev outputs: obeyed ${counts.obeyed}, unread ${counts.blind}, graded as written ${counts.honest}` +
      ` · an attacker who read your prompt: ${white.length} of ${rows.length} got through`,
  );
  console.log(`  DoD-1 judges the test split and that attacker: ${TARGETS.judgeObeyed} obeyed, 0 unread.`);
});

section(`DoD-2 — your regression rule on the dev suites (${CHECKS_PER_SUITE} seeded checks each)`, () => {
  const suites = loadSuites('dev');
  console.log('  runs  false alarms  missed  calls per check');
  for (let runs = 1; runs <= MAX_REPEATS; runs += 1) {
    const score = scoreRule(suites, regressed, runs);
    const mark = runs === REPEATS ? '  ← REPEATS' : '';
    console.log(
      `  ${String(runs).padStart(4)}  ${pct(score.falseAlarms)}      ${pct(score.missed)}  ${score.callsPerCheck.toFixed(0).padStart(8)}${mark}`,
    );
  }
  const { falseAlarms, missed } = TARGETS.suites;
  console.log(
    `  DoD-2 judges the test suites at REPEATS (at most ${MAX_REPEATS}): false alarms ≤ ${pct(falseAlarms).trim()}, missed ≤ ${pct(missed).trim()}.`,
  );
});

section(`DoD-3 — your guard on the dev canaries (${SIMULATION.runs} seeded rollouts each)`, () => {
  const scenarios = loadCanaries('dev');
  const score = scoreGuard(scenarios, guardDecision);
  const t = TARGETS.canaries;
  console.log('  band     scenarios  false rollbacks  missed regressions');
  for (const band of BANDS) {
    const b = score.bands[band];
    const count = scenarios.filter((s) => bandOf(s) === band).length;
    console.log(
      `  ${band.padEnd(8)} ${String(count).padStart(9)}  ${pct(b.falseRollbacks)}          ${pct(b.missedRegressions)}`,
    );
  }
  console.log(
    `  worst band: false rollbacks ${pct(score.falseRollbacks).trim()} (target ≤ ${pct(t.falseRollbacks).trim()}), missed ${pct(score.missedRegressions).trim()} (≤ ${pct(t.missedRegressions).trim()})` +
      ` · canary requests to a decision ${score.meanSamples.toFixed(0)} (≤ ${t.meanSamples}) · good canaries promoted ${pct(score.promoted).trim()}`,
  );
  const describe = (s: CanaryScenario) =>
    `${s.kind} ${s.id} (${bandOf(s)}): baseline ${pct(s.baselineRate).trim()}, canary ${pct(s.canaryRate).trim()} at ${s.percent} % of traffic, regression ${pct(s.regression).trim()}`;
  const worst = [...score.perScenario].sort((a, b) => b.wrong - a.wrong || b.meanSamples - a.meanSamples).slice(0, 5);
  console.log('  where it errs or waits most:');
  for (const w of worst)
    console.log(`    ${pct(w.wrong)} wrong, ${w.meanSamples.toFixed(0).padStart(4)} requests  ${describe(w.scenario)}`);
});
