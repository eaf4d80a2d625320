/**
 * Calibrate on the DEV splits: `node labs/10-agents/src/dev-report.ts`. Prints what DoD-1, DoD-3
 * and DoD-4 measure (on the test splits, which this report never reads), next to their targets,
 * and every dev case your code got wrong. DoD-2 and DoD-5 are judged by properties and end-to-end
 * checks only: `pnpm workshop`. Given code: the same in the starter and the solution.
 */
import { describeEffect, runScenarios, scenarioSplit } from '../../../labs/10-agents/eval/scenarios.ts';
import { judgeServerChanges, serverChangeSplit } from '../../../labs/10-agents/eval/server-changes.ts';
import { TARGETS } from '../../../labs/10-agents/eval/targets.ts';
import { legitimateMaxima, replayTraces, type TraceReplay, traceSplit } from '../../../labs/10-agents/eval/traces.ts';
import { Agent } from './agent.ts';
import { MemoryIdempotencyStore } from './idempotency.ts';
import { checkLimits, SHOP_LIMITS } from './limits.ts';
import { connectMcp, listMcpTools, mcpTools } from './mcp/client.ts';
import { admitTools, approveTools } from './mcp/pins.ts';
import { SHOP_POLICY } from './policy.ts';

const dir = new URL('../../../labs/10-agents/eval/', import.meta.url).pathname;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');

async function pins(): Promise<void> {
  const rows = serverChangeSplit('dev', dir);
  const f = await judgeServerChanges(rows, {
    connectMcp: (t) => connectMcp(t),
    listMcpTools,
    approveTools,
    admitTools,
  });
  console.log(`\nDoD-1 pins: ${rows.length} dev versions of the server`);
  for (const o of f.outcomes) {
    if (o.missed.length > 0) console.log(`  ADMITTED ${o.row.id}: ${o.missed.join(', ')} changed (${o.row.note})`);
    if (o.falselyRefused.length > 0)
      console.log(`  REFUSED  ${o.row.id}: ${o.falselyRefused.join(', ')} unchanged (${o.row.note})`);
  }
  console.log(
    `  ${mark(f.caught >= TARGETS.pins.caught)} changes caught          ${pct(f.caught)} of ${f.changes}   (test: == 100 %)`,
  );
  console.log(
    `  ${mark(f.falselyRefused <= 0)} unchanged tools refused ${f.falselyRefused} of ${f.unchanged}   (test: == 0)`,
  );
}

function limits(): void {
  const rows = traceSplit('dev', dir);
  const max = legitimateMaxima(rows);
  const T = TARGETS.limits;
  console.log(
    `\nDoD-3 limits: ${rows.filter((r) => r.kind === 'legit').length} legitimate and ${rows.filter((r) => r.kind === 'runaway').length} runaway dev traces`,
  );
  console.log(
    `  the most a legitimate dev run needed: ${max.steps} model calls, ${max.toolCalls} tool calls, ${max.tokens} tokens, ` +
      `$${max.costUsd.toFixed(4)}, ${max.seconds.toFixed(1)} s active, slowest tool call ${max.slowestToolMs} ms`,
  );
  console.log(`  SHOP_LIMITS: ${JSON.stringify(SHOP_LIMITS)}`);
  const f = replayTraces(rows, checkLimits, SHOP_LIMITS);
  for (const r of f.replays) {
    if (r.row.kind === 'legit' && !r.completed) {
      console.log(
        `  STOPPED  ${r.row.id} ${r.row.pattern} (${r.row.model}): ${r.hit?.message ?? `${r.timedOut} tool call(s) timed out`}`,
      );
    }
    if (r.row.kind === 'runaway' && !r.hit) console.log(`  LOOSE    ${r.row.id} ${r.row.pattern}: never stopped`);
  }
  const maxCalls = Math.max(0, ...f.replays.filter((r) => r.row.kind === 'runaway').map((r) => r.spent.toolCalls));
  console.log(
    `  ${mark(f.completion >= T.completion)} legitimate runs completed ${pct(f.completion)}   (test: >= ${pct(T.completion)})`,
  );
  console.log(`  ${mark(f.stopped >= T.stopped)} runaways stopped          ${pct(f.stopped)}   (test: == 100 %)`);
  console.log(
    `  ${mark(f.runawayCostUsd <= T.runawayCostUsd)} runaway cost, mean        $${f.runawayCostUsd.toFixed(4)}   (test: <= $${T.runawayCostUsd})`,
  );
  console.log(
    `  ${mark(f.runawaySeconds <= T.runawaySeconds)} runaway time, mean        ${f.runawaySeconds.toFixed(1)} s   (test: <= ${T.runawaySeconds} s)`,
  );
  console.log(
    `  ${mark(maxCalls <= T.runawayToolCalls)} runaway tool calls, most  ${maxCalls}   (test: <= ${T.runawayToolCalls})`,
  );
  runawaySpend(f.replays.filter((r) => r.row.kind === 'runaway'));
}

/** Where the runaway means come from: a mean over a few dozen runs can rest on one expensive run. */
function runawaySpend(runaways: TraceReplay[]): void {
  const total = runaways.reduce((sum, r) => sum + r.spent.costUsd, 0);
  for (const by of ['model', 'pattern'] as const) {
    const groups = [...Map.groupBy(runaways, (r) => r.row[by])].map(([name, group]) => ({
      name,
      group,
      cost: group.reduce((sum, r) => sum + r.spent.costUsd, 0),
    }));
    const cells = groups
      .sort((a, b) => b.cost - a.cost)
      .map(({ name, group, cost }) => {
        const seconds = group.reduce((sum, r) => sum + r.spent.elapsedMs / 1000, 0) / group.length;
        const worst = Math.max(...group.map((r) => r.spent.costUsd));
        return `${name} ×${group.length}: mean $${(cost / group.length).toFixed(4)}, ${seconds.toFixed(1)} s; worst $${worst.toFixed(4)}; ${pct(cost / total)} of the runaway cost`;
      });
    console.log(`  runaway spend by ${by}:\n    ${cells.join('\n    ')}`);
  }
  const costliest = runaways.reduce((a, b) => (b.spent.costUsd > a.spent.costUsd ? b : a));
  const share = costliest.spent.costUsd / total;
  console.log(
    `  ${share > 1 / 3 ? 'CAUTION' : 'costliest'} ${costliest.row.id} ${costliest.row.pattern} (${costliest.row.model}): ` +
      `$${costliest.spent.costUsd.toFixed(4)}, ${pct(share)} of the mean runaway cost on its own` +
      (share > 1 / 3 ? '; the dev mean rests on one run: bound what one run like it can spend' : ''),
  );
}

async function boundary(): Promise<void> {
  const rows = scenarioSplit('dev', dir);
  const pieces = {
    Agent,
    connectMcp,
    listMcpTools,
    mcpTools,
    approveTools,
    MemoryIdempotencyStore,
    policy: SHOP_POLICY,
    limits: SHOP_LIMITS,
  };
  const f = await runScenarios(rows, pieces);
  const T = TARGETS.boundary;
  console.log(`\nDoD-4 boundary: ${rows.length} dev scenarios (${f.legit} with a legitimate task)`);
  for (const o of f.outcomes) {
    for (const effect of o.unsafe) console.log(`  HARM     ${o.row.id}: ${describeEffect(effect)}`);
    if (o.completed === false) console.log(`  NOT DONE ${o.row.id}: ended ${o.status}`);
    if (o.unapproved > 0)
      console.log(`  UNASKED  ${o.row.id}: ${o.unapproved} refund(s) or deletion(s) without a human`);
    if (o.needlessApprovals > 0)
      console.log(`  ASKED    ${o.row.id}: ${o.needlessApprovals} approval(s) the rule does not need`);
  }
  console.log(
    `  ${mark(f.unsafeEffects <= T.unsafeEffects)} harmful effects            ${f.unsafeEffects}   (test: == 0)`,
  );
  console.log(
    `  ${mark(f.completion >= T.completion)} legitimate tasks completed ${pct(f.completion)}   (test: >= ${pct(T.completion)})`,
  );
  console.log(`  ${mark(f.unapproved <= T.unapproved)} unapproved refunds/deletes ${f.unapproved}   (test: == 0)`);
  console.log(
    `  ${mark(f.needlessShare <= T.needlessShare)} needless approvals         ${pct(f.needlessShare)} of ${f.approvalRequests}   (test: <= ${pct(T.needlessShare)})`,
  );
}

/** One section; a TODO still open (or any error) is one line, and the other sections still run. */
async function section(name: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.log(`\n${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exitCode = 1;
  }
}

await section('DoD-1 pins', pins);
await section('DoD-3 limits', limits);
await section('DoD-4 boundary', boundary);
console.log('\nDoD-2 and DoD-5 are judged by properties and end-to-end checks: pnpm workshop');
