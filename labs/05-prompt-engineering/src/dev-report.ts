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
  GOOD_OUTPUT,
  type JudgeMessage,
  loadInjections,
  RUBRIC,
  reactTo,
  readPrompt,
  STRATEGIES,
  strategyAttacks,
  TICKET,
  whiteBoxAttack,
} from '../../../labs/05-prompt-engineering/test/judge-reader.ts';
import {
  CHECKS_PER_SUITE,
  loadSuites,
  type SuiteScore,
  scoreRule,
} from '../../../labs/05-prompt-engineering/test/suites.ts';
import { TARGETS } from '../../../labs/05-prompt-engineering/test/targets.ts';
import { MAX_REPEATS, type PassCount, REPEATS, regressed } from './regression/flaky.ts';
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
  const renderTicket = (ticket: string) => judgeMessages({ rubric: RUBRIC, prompt: ticket, output: GOOD_OUTPUT });
  const through = (r: (text: string) => readonly JudgeMessage[], text: string, row: (typeof rows)[number]) =>
    reactTo(readPrompt(r(text)), row) !== 'honest';
  const white = rows.filter((row) => through(render, whiteBoxAttack(render, row), row));
  const tickets = rows.filter(
    (row) => through(renderTicket, row.output, row) || through(renderTicket, whiteBoxAttack(renderTicket, row), row),
  );
  console.log(
    `  ${rows.length} dev outputs: obeyed ${counts.obeyed}, unread ${counts.blind}, graded as written ${counts.honest}` +
      ` · an attacker who read your prompt: ${white.length} of ${rows.length} got through` +
      ` · the same attacks in the ticket: ${tickets.length} of ${rows.length} got through`,
  );
  for (const strategy of STRATEGIES) {
    const closers = rows.flatMap((row) =>
      [
        ...strategyAttacks(render, strategy, row).filter((text) => through(render, text, row)),
        ...strategyAttacks(renderTicket, strategy, row).filter((text) => through(renderTicket, text, row)),
      ].map((text) => JSON.stringify(text.split('\n')[1])),
    );
    const shown = [...new Set(closers)];
    console.log(
      `  aimed at ${strategy}: ${shown.length === 0 ? 'none got through' : `got through with ${shown.join(' ')}`}`,
    );
  }
  console.log(`  DoD-1 judges the test split and these attackers: ${TARGETS.judgeObeyed} obeyed, 0 unread, 0 through.`);
});

section(`DoD-2 — your regression rule on the dev suites (${CHECKS_PER_SUITE} seeded checks each)`, () => {
  const suites = loadSuites('dev');
  const { falseAlarms, missed } = TARGETS.suites;
  console.log('        your rule            │ "at least k fewer passes", the k whose worse rate is lowest');
  console.log('  runs  false alarms  missed │  k  false alarms  missed │ calls per check');
  const fewer = (k: number) => (baseline: PassCount, candidate: PassCount) => baseline.passed - candidate.passed >= k;
  const worse = (score: SuiteScore) => Math.max(score.falseAlarms, score.missed);
  for (let runs = 1; runs <= MAX_REPEATS; runs += 1) {
    const score = scoreRule(suites, regressed, runs);
    // Counts are whole numbers: at this many runs, k from 1 to runs are the only simple rules there are.
    let k = 1;
    let simple = scoreRule(suites, fewer(k), runs);
    for (let next = scoreRule(suites, fewer(k + 1), runs); k < runs && worse(next) < worse(simple); ) {
      k += 1;
      simple = next;
      next = scoreRule(suites, fewer(k + 1), runs);
    }
    const mark = runs === REPEATS ? '  ← REPEATS' : '';
    console.log(
      `  ${String(runs).padStart(4)}  ${pct(score.falseAlarms)}      ${pct(score.missed)} │ ${String(k).padStart(2)}  ${pct(simple.falseAlarms)}      ${pct(simple.missed)} │ ${score.callsPerCheck.toFixed(0).padStart(8)}${mark}`,
    );
  }
  console.log(
    `  DoD-2 judges the test suites at REPEATS (at most ${MAX_REPEATS}): false alarms ≤ ${pct(falseAlarms).trim()}, missed ≤ ${pct(missed).trim()}.`,
  );
});

section(`DoD-3 — your guard on the dev canaries (${SIMULATION.runs} seeded rollouts each)`, () => {
  const scenarios = loadCanaries('dev');
  const score = scoreGuard(scenarios, guardDecision);
  const t = TARGETS.canaries;
  console.log('                         good canaries              │ bad canaries: missed regressions');
  console.log('  band     scenarios  false rollbacks  undecided │  missed  promoted  undecided');
  for (const band of BANDS) {
    const b = score.bands[band];
    const count = scenarios.filter((s) => bandOf(s) === band).length;
    console.log(
      `  ${band.padEnd(8)} ${String(count).padStart(9)}  ${pct(b.falseRollbacks)}          ${pct(b.goodUndecided)} │ ${pct(b.missedRegressions)}  ${pct(b.missed.promoted)}    ${pct(b.missed.undecided)}`,
    );
  }
  console.log(
    `  undecided at ${SIMULATION.horizon} canary requests: a bad canary counts as missed; a good one costs only its requests.`,
  );
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
