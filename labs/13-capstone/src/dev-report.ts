/**
 * The three decisions of lab 13 on the dev split, with the KPIs the DoD measures on test:
 *   node labs/13-capstone/src/dev-report.ts [alerting|capacity|sli]
 * Given code: the same file in the starter and the solution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { percentile } from '@workshop/kit';
import { parse } from 'yaml';
import { decideAlert } from './alerting.ts';
import { planAdmission } from './capacity.ts';
import { LAB_DIR } from './corpus.ts';
import { type CapacityRow, measuredOf, simulateOverload } from './load/overload-sim.ts';
import { classifyAsk } from './sli.ts';
import type { AskOutcome, SliVerdict } from './slo/slo.ts';
import { scoreAlerts, type TimelineRow } from './slo/timelines.ts';

/** The lab's folder (fixtures and lab.yaml), for both the starter and the solution. */
const LAB = LAB_DIR;

/** The dev split of a dataset, as lab.yaml declares it. */
function dev<Row>(dataset: string): Row[] {
  const manifest = parse(readFileSync(path.join(LAB, 'lab.yaml'), 'utf8')) as {
    datasets: Record<string, { dev: string }>;
  };
  const file = path.join(LAB, manifest.datasets[dataset]?.dev ?? '');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row);
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Runs one section; a starter TODO becomes one line, not a stack trace. */
function section(title: string, run: () => void): void {
  console.log(`\n## ${title}\n`);
  try {
    run();
  } catch (error) {
    console.log(`  not measurable yet: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function alerting(): void {
  const rows = dev<TimelineRow>('timelines');
  const score = scoreAlerts(rows, decideAlert);
  const delays = [...score.pageDelays].sort((a, b) => a - b);
  console.log(`  ${score.timelines} timelines, ${score.days} days (dev)`);
  console.log(
    `  page-worthy incidents paged in time   ${score.pagedInTime} / ${score.pageIncidents}` +
      (delays.length ? `   (minutes to the page: median ${percentile(delays, 50)}, worst ${delays.at(-1)})` : ''),
  );
  const resets = [...score.pageResets].sort((a, b) => a - b);
  if (resets.length)
    console.log(
      `  minutes a page kept firing after its incident ended: median ${percentile(resets, 50)}, worst ${resets.at(-1)}`,
    );
  console.log(`  slow burns ticketed (or paged)        ${score.ticketed} / ${score.ticketIncidents}`);
  console.log(
    `  false pages                           ${score.falsePages}   (${(score.falsePages / (score.days / 7)).toFixed(2)} a week)`,
  );
  console.log(`  false tickets                         ${score.falseTickets}`);
  if (score.misses.length)
    console.log(
      `\n  what went wrong (first 15 of ${score.misses.length}):\n    ${score.misses.slice(0, 15).join('\n    ')}`,
    );
}

function capacity(): void {
  const rows = dev<CapacityRow>('capacity');
  console.log(
    '  scenario  slots  service p50/p99 ms  plan (at once / queue / wait ms)  late    p99 ms  burst goodput  calm shed',
  );
  const results = rows.map((row) => {
    const plan = planAdmission(measuredOf(row));
    const r = simulateOverload(row, plan);
    const p99 = r.latenciesMs.length ? percentile(r.latenciesMs, 99) : 0;
    console.log(
      `  ${row.id.padEnd(8)}  ${String(row.providerConcurrency).padStart(5)}  ${`${row.measuredMs.p50}/${row.measuredMs.p99}`.padStart(18)}  ${`${plan.maxConcurrent} / ${plan.maxQueue} / ${plan.maxQueueWaitMs}`.padStart(32)}  ${pct(1 - r.inSlo / Math.max(1, r.answered)).padStart(6)}  ${String(Math.round(p99)).padStart(6)}  ${pct(r.burstInSlo / r.burstCapacity).padStart(13)}  ${pct(r.calmShed / Math.max(1, r.calmOffered)).padStart(9)}`,
    );
    return r;
  });
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r), 0);
  console.log(
    `\n  all dev scenarios: ${pct(1 - sum((r) => r.inSlo) / sum((r) => r.answered))} of the answers late (DoD: at most 1 %), ` +
      `worst burst goodput ${pct(Math.min(...results.map((r) => r.burstInSlo / r.burstCapacity)))} (at least 90 %), ` +
      `${pct(sum((r) => r.calmShed) / sum((r) => r.calmOffered))} shed in calm traffic (at most 1 %)`,
  );
}

function sli(): void {
  const rows = dev<{ id: string; outcome: AskOutcome; verdict: SliVerdict }>('outcomes');
  const verdicts: SliVerdict[] = ['good', 'bad', 'excluded'];
  const matrix = new Map<string, number>();
  const wrong: string[] = [];
  for (const row of rows) {
    const got = classifyAsk(row.outcome);
    matrix.set(`${row.verdict}>${got}`, (matrix.get(`${row.verdict}>${got}`) ?? 0) + 1);
    if (got !== row.verdict)
      wrong.push(`${row.id}: ${JSON.stringify(row.outcome)} is ${row.verdict}, classified ${got}`);
  }
  console.log(`  labelled \\ classified  ${verdicts.map((v) => v.padStart(9)).join('')}`);
  for (const label of verdicts)
    console.log(
      `  ${label.padEnd(21)} ${verdicts.map((v) => String(matrix.get(`${label}>${v}`) ?? 0).padStart(9)).join('')}`,
    );
  const hidden = rows.filter((r) => r.verdict === 'bad').length - (matrix.get('bad>bad') ?? 0);
  console.log(
    `\n  right ${pct(1 - wrong.length / rows.length)} (DoD: at least 98 %), failures hidden ${hidden} (DoD: none)`,
  );
  if (wrong.length)
    console.log(`\n  misclassified (first 15 of ${wrong.length}):\n    ${wrong.slice(0, 15).join('\n    ')}`);
}

const only = process.argv[2];
if (!only || only === 'alerting') section('DoD-1 alerting on the error budget (dev timelines)', alerting);
if (!only || only === 'capacity') section('DoD-2 admission limits under overload (dev scenarios)', capacity);
if (!only || only === 'sli') section('DoD-3 the SLI: which asks spend the budget (dev outcomes)', sli);
