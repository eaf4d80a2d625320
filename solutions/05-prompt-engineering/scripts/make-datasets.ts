/**
 * Writes the simulated scenario families of lab 05 (dev and test splits), seeded, so the files
 * are reproduced byte for byte:
 *
 *   node solutions/05-prompt-engineering/scripts/make-datasets.ts
 *
 * - fixtures/canaries.{dev,test}.jsonl: canary rollouts with known true failure rates (DoD-3);
 * - fixtures/suites.{dev,test}.jsonl: golden suites with known true pass rates per assertion on
 *   the baseline and the candidate (DoD-2).
 *
 * The rates are invented but shaped like production: failure rates from 0.5 % to 15 %, ramps
 * from 5 % to 50 %, tolerances a product owner would state; model-graded assertions flakier
 * than structural ones. The injected outputs of DoD-1 are hand-written (fixtures/README.md).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffled } from '@workshop/kit';

const FIXTURES = path.resolve(import.meta.dirname, '../../../labs/05-prompt-engineering/fixtures');
const random = seededRandom(20_250_605);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (low: number, high: number) => low + (high - low) * random();
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

// ---- canaries -------------------------------------------------------------------------------

const RELEASES = [
  'support-reply: a tone switch',
  'support-reply: an escalation rule for safety tickets',
  'support-reply: a shorter system prompt',
  'support-reply: a new few-shot example',
  'ticket-summary: bullets instead of prose',
  'ticket-summary: a cheaper model',
  'refund-triage: stricter JSON output',
  'refund-triage: a policy paragraph moved to the top',
  'order-status: a retrieval step added',
  'order-status: temperature 0.7 to 0.3',
];

/** Canary requests a one-arm fixed-sample test would need (α 0.05, power 0.9): kept within the horizon. */
const neededSamples = (rate: number, regression: number) => (8.6 * rate * (1 - rate)) / regression ** 2;

function canary(id: string) {
  const baselineRate = round(Math.exp(between(Math.log(0.005), Math.log(0.15))));
  let regression = pick([0.01, 0.02, 0.02, 0.03, 0.05]);
  while (neededSamples(baselineRate, regression) > 3500) regression = round(regression + 0.01, 2);
  const percent = pick([5, 10, 10, 20, 25, 50]);
  const good = random() < 0.5;
  // Most releases change little: good ones sit at or just under the baseline, bad ones just over the line.
  const canaryRate = good
    ? round(random() < 0.6 ? baselineRate : baselineRate * between(0.8, 1))
    : round(baselineRate + regression * between(1, 1.6));
  return { id, release: pick(RELEASES), baselineRate, canaryRate, percent, regression, kind: good ? 'good' : 'bad' };
}

// ---- suites ---------------------------------------------------------------------------------

/** Assertions as the golden files of a support product have them, with how often each holds. */
type AssertionKind = { name: string; low: number; high: number };
const SCHEMA: AssertionKind = { name: 'json matches schema', low: 0.97, high: 1 };
const ASSERTIONS: AssertionKind[] = [
  { name: 'contains the order id', low: 0.93, high: 1 },
  { name: 'category is right (regex)', low: 0.85, high: 1 },
  { name: 'escalates a safety issue (regex)', low: 0.7, high: 0.95 },
  { name: 'judge >= 4: apologises, promises no date', low: 0.6, high: 0.9 },
  { name: 'judge >= 4: formal tone when asked', low: 0.65, high: 0.92 },
  { name: 'does not promise a refund (regex)', low: 0.8, high: 0.98 },
];
const CASES = ['late-delivery', 'double-charge', 'stove-safety', 'wrong-size', 'refund-request', 'lost-parcel'];

function suite(id: string) {
  const regressed = random() < 0.5;
  const caseIds = shuffled(CASES, random).slice(0, 3 + Math.floor(random() * 4));
  const cases = caseIds.map((caseId) => {
    const extra = shuffled(ASSERTIONS, random).slice(0, 1 + Math.floor(random() * 2));
    const assertions = [SCHEMA, ...extra].map((a) => {
      const baseline = round(between(a.low, a.high), 3);
      const candidate = round(Math.min(1, Math.max(0, baseline + between(-0.05, 0.05))), 3);
      return { name: a.name, baseline, candidate, regressed: false };
    });
    return { id: caseId, assertions };
  });
  if (regressed) {
    const all = cases.flatMap((c) => c.assertions);
    for (let n = random() < 0.2 ? 2 : 1; n > 0; n--) {
      const target = pick(all.filter((a) => !a.regressed));
      target.baseline = Math.max(target.baseline, round(between(0.9, 1), 3));
      target.candidate = round(between(0, 0.4), 3);
      target.regressed = true;
    }
  }
  return { id, cases };
}

function write(name: string, rows: unknown[]) {
  writeFileSync(path.join(FIXTURES, name), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  console.log(`${name}: ${rows.length} rows`);
}

/**
 * A stratified split: scenarios sorted by kind and by how many samples they need, then each
 * neighbouring pair split at random between dev and test, so both families are equally hard.
 */
function stratified<T>(rows: T[], key: (row: T) => [string, number]): { dev: T[]; test: T[] } {
  const sorted = [...rows].sort((a, b) => {
    const [ka, na] = key(a);
    const [kb, nb] = key(b);
    return ka === kb ? na - nb : ka < kb ? -1 : 1;
  });
  const dev: T[] = [];
  const test: T[] = [];
  for (let i = 0; i < sorted.length; i += 2) {
    const pair = shuffled(sorted.slice(i, i + 2), random);
    if (pair[0]) dev.push(pair[0]);
    if (pair[1]) test.push(pair[1]);
  }
  return { dev, test };
}

const canaries = Array.from({ length: 80 }, (_, i) => canary(`canary-${String(i + 1).padStart(2, '0')}`));
const canarySplit = stratified(canaries, (c) => [c.kind, neededSamples(c.baselineRate, c.regression)]);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
write('canaries.dev.jsonl', canarySplit.dev.sort(byId));
write('canaries.test.jsonl', canarySplit.test.sort(byId));
const suites = Array.from({ length: 120 }, (_, i) => suite(`suite-${String(i + 1).padStart(3, '0')}`));
const assertionsOf = (s: ReturnType<typeof suite>) => s.cases.flatMap((c) => c.assertions);
const suiteSplit = stratified(suites, (s) => [
  assertionsOf(s).some((a) => a.regressed) ? 'regressed' : 'unchanged',
  assertionsOf(s).filter((a) => a.baseline < 0.9).length,
]);
write('suites.dev.jsonl', suiteSplit.dev.sort(byId));
write('suites.test.jsonl', suiteSplit.test.sort(byId));
