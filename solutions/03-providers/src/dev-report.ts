/**
 * Calibrate your chain on the DEV month: `node labs/03-providers/src/dev-report.ts`.
 * Prints the providers' measured fault profiles, then a simulated month of traffic through your
 * `buildChain` (src/policy.ts) on virtual time, with the KPIs DoD-1 and DoD-2 judge on the test
 * month (which this report never reads), the slowest requests and what they waited for, and a few
 * reference chains for scale. Given code: the same in the starter and the solution.
 */

import { wilsonInterval } from '@workshop/kit';
import {
  type BuildChain,
  type FaultProfile,
  loadProfiles,
  qualityOf,
  simulateTraffic,
  TARGETS,
  TRAFFIC,
  type TrafficResult,
} from '../../../labs/03-providers/test/simulation.ts';
import { resilientChain } from './chain.ts';
import { buildChain } from './policy.ts';

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const s = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
/** Percentage points of right answers. */
const pts = (x: number) => `${(100 * x).toFixed(1)} pts`;

function providers(profiles: readonly FaultProfile[]): void {
  console.log(
    'provider  model                        latency p50/p90/p99/max (s)   429   Retry-After     5xx   hang  cut   quality (95 % interval)  $/1k calls',
  );
  for (const p of profiles) {
    const q = p.latencyMs;
    const latency = [q.p50, q.p90, q.p99, q.max].map((ms) => (ms / 1_000).toFixed(1)).join('/');
    const after =
      p.faults.rateLimit > 0
        ? p.retryAfterSeconds.map(([sec, share]) => `${sec}s:${Math.round(share * 100)}%`).join(' ')
        : '-';
    const { low, high } = wilsonInterval(p.quality.passed, p.quality.of);
    const f = p.faults;
    console.log(
      `${p.provider.padEnd(9)} ${p.model.padEnd(28)} ${latency.padEnd(29)} ${pct(f.rateLimit).padStart(5)} ${after.padEnd(15)} ${pct(f.serverError).padStart(5)} ${pct(f.hang).padStart(5)} ${pct(f.cut).padStart(5)} ${qualityOf(p).toFixed(3)} (${low.toFixed(3)}–${high.toFixed(3)})    ${p.usdPer1kCalls.toFixed(2)}`,
    );
  }
  for (const p of profiles) {
    for (const i of p.incidents) {
      console.log(
        `  incident: ${p.provider}, minutes ${i.fromMinute}–${i.toMinute}: ${pct(i.share, 0)} of attempts ${i.fault.replace('_', ' ')} (${i.note})`,
      );
    }
  }
}

function kpis(result: TrafficResult): void {
  const lost = result.bestQuality - result.goodAnswers;
  const toFailures = (1 - result.successRate) * result.bestQuality;
  console.log(
    `  success       ${pct(result.successRate, 2).padStart(9)}   ${mark(result.successRate >= TARGETS.successRate)} DoD-1: at least ${pct(TARGETS.successRate)}`,
  );
  const degraded = result.answeredBy.offline;
  console.log(
    `  degraded      ${pct(degraded).padStart(9)}   ${mark(degraded <= TARGETS.degraded)} DoD-1: at most ${pct(TARGETS.degraded)} of the requests answered by the offline simulator`,
  );
  console.log(
    `  p99           ${s(result.p99Ms).padStart(9)}   ${mark(result.p99Ms <= TARGETS.p99Ms)} DoD-1: at most ${s(TARGETS.p99Ms)}   (p50 ${s(result.p50Ms)}, p95 ${s(result.p95Ms)})`,
  );
  console.log(
    `  worst         ${s(result.maxMs).padStart(9)}   ${mark(result.maxMs <= TARGETS.maxMs)} DoD-1: at most ${s(TARGETS.maxMs)}, also whatever the providers do`,
  );
  console.log(
    `  quality lost  ${pts(lost).padStart(9)}   ${mark(lost <= TARGETS.qualityLost)} DoD-2: at most ${pts(TARGETS.qualityLost)} (right answers ${pct(result.goodAnswers)} against the best model's ${pct(result.bestQuality)}: ${pts(toFailures)} lost to failures, ${pts(lost - toFailures)} to weaker models)`,
  );
  const by = Object.entries(result.answeredBy)
    .map(([name, share]) => `${name} ${pct(share)}`)
    .join(', ');
  const failures =
    Object.entries(result.failures)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ') || 'none';
  console.log(`  answered by   ${by}`);
  console.log(`  failed        ${failures}`);
  console.log(
    `  attempts per request ${result.attemptsPerRequest.toFixed(2)}, cost $${result.usdPer1kRequests.toFixed(3)} per 1,000 requests`,
  );
}

function slowest(result: TrafficResult, count: number): void {
  const worst = [...result.outcomes].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, count);
  console.log(`\nThe ${count} slowest requests and what they waited for (wait = backoff before the attempt):`);
  for (const o of worst) {
    const trail = o.attempts
      .map((a) => `${a.delayMs > 0 ? `wait ${s(a.delayMs)}, ` : ''}${a.provider} ${a.outcome} ${s(a.durationMs)}`)
      .join(' → ');
    console.log(
      `  ${s(o.latencyMs).padStart(6)} ${o.ok ? `answered by ${o.provider}` : `FAILED (${o.failure})`}: ${trail || 'no attempt'}`,
    );
  }
}

/** The most common attempt paths of the requests the offline simulator answered: why they got there. */
function degradedPaths(result: TrafficResult, count: number): void {
  const paths = new Map<string, number>();
  for (const o of result.outcomes) {
    if (o.provider !== 'offline') continue;
    const path = o.attempts.map((a) => `${a.provider} ${a.outcome}`).join(' → ');
    paths.set(path, (paths.get(path) ?? 0) + 1);
  }
  if (paths.size === 0) return;
  console.log('\nHow requests reached the offline simulator (most common paths):');
  for (const [path, n] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${String(n).padStart(5)} × ${path}`);
  }
}

type Kind = Omit<FaultProfile['incidents'][number], 'fromMinute' | 'toMinute' | 'note'>;
type WhatIf = [label: string, incidents: Partial<Record<string, Kind>>];
/** Built-in "what if" incidents, each added to the dev month for eight minutes where it has none. */
const STRESS_WINDOW = { fromMinute: 60, toMinute: 68 };
const hang: Kind = { fault: 'hang', share: 0.4 };
const burst: Kind = { fault: 'server_error', share: 0.7 };
const quota: Kind = { fault: 'rate_limit', share: 0.8, retryAfterSeconds: 60 };
const STRESS: WhatIf[] = [
  ...['openai', 'mistral', 'ollama'].flatMap((p): WhatIf[] => [
    [`${p} hangs on 40 % of the attempts`, { [p]: hang }],
    [`${p} answers 70 % of the attempts with a 5xx`, { [p]: burst }],
    [`${p} answers 80 % with a 429 asking for 60 s`, { [p]: quota }],
  ]),
  ['openai 70 % 5xx while mistral hangs on 40 % (an overlapping pair)', { openai: burst, mistral: hang }],
];

async function stress(profiles: readonly FaultProfile[]): Promise<void> {
  console.log(
    `\n## What if: the dev month plus one more incident, minutes ${STRESS_WINDOW.fromMinute}–${STRESS_WINDOW.toMinute} (your chain; not judged: where does your margin end?)`,
  );
  console.log(`  ${'incident'.padEnd(68)} success   degraded    p99     worst   quality lost`);
  for (const [label, added] of STRESS) {
    const month = profiles.map((p) => {
      const incident = added[p.provider];
      return incident ? { ...p, incidents: [{ ...incident, ...STRESS_WINDOW, note: label }, ...p.incidents] } : p;
    });
    const r = await simulateTraffic(buildChain, month);
    const lost = r.bestQuality - r.goodAnswers;
    const cells = [
      `${pct(r.successRate, 2).padStart(8)} ${r.successRate >= TARGETS.successRate ? ' ' : '!'}`,
      `${pct(r.answeredBy.offline).padStart(7)} ${r.answeredBy.offline <= TARGETS.degraded ? ' ' : '!'}`,
      `${s(r.p99Ms).padStart(6)} ${r.p99Ms <= TARGETS.p99Ms ? ' ' : '!'}`,
      `${s(r.maxMs).padStart(6)} ${r.maxMs <= TARGETS.maxMs ? ' ' : '!'}`,
      `${pts(lost).padStart(8)} ${lost <= TARGETS.qualityLost ? ' ' : '!'}`,
    ];
    console.log(`  ${label.padEnd(68)} ${cells.join('  ')}`);
  }
  console.log('  (! = misses the target)');
}

/** Chains for scale, not advice. */
const REFERENCES: [string, BuildChain][] = [
  [
    'the defaults: OpenAI → Ollama → offline, 3 attempts, 30 s timeouts, no deadline',
    (p, env) => resilientChain([p.openai, p.ollama, p.offline], { ...env }),
  ],
  [
    'OpenAI, one attempt, 3 s timeout, then offline',
    (p, env) => resilientChain([p.openai, p.offline], { ...env, timeoutMs: 3_000, retry: { maxAttempts: 1 } }),
  ],
  ['offline only', (p, env) => resilientChain([p.offline], { ...env })],
];

async function main(): Promise<void> {
  const profiles = loadProfiles('dev');
  console.log(
    `# Lab 03 — dev report: the ${profiles[0]?.window} month (${TRAFFIC.requests} requests, one every ${s(TRAFFIC.meanGapMs)} on average, simulated on virtual time)\n`,
  );
  providers(profiles);

  console.log('\n## Reference chains on the same month (for scale)');
  for (const [label, build] of REFERENCES) {
    const r = await simulateTraffic(build, profiles);
    console.log(
      `  ${label.padEnd(82)} success ${pct(r.successRate, 2)}, degraded ${pct(r.answeredBy.offline)}, p99 ${s(r.p99Ms)}, worst ${s(r.maxMs)}, quality lost ${pts(r.bestQuality - r.goodAnswers)}`,
    );
  }

  console.log('\n## Your chain (buildChain in src/policy.ts)');
  let result: TrafficResult;
  try {
    result = await simulateTraffic(buildChain, profiles);
  } catch (error) {
    // One line, no stack: the usual cause is a buildChain that is still a TODO.
    console.log(`  ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  kpis(result);
  slowest(result, 8);
  degradedPaths(result, 4);
  await stress(profiles);
  console.log(
    '\nDoD-1 and DoD-2 judge the test month: the same kinds of incidents, at other times and of other sizes. The what-ifs show your margin: bound the worst case rather than tune to this month.',
  );
}

main().catch((error: unknown) => {
  console.error(`dev-report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
