import { planAdmission } from '@lab/capacity.ts';
import { type CapacityRow, measuredOf, type OverloadResult, simulateOverload } from '@lab/load/overload-sim.ts';
import { SLO } from '@lab/slo/slo.ts';
import { percentile } from '@workshop/kit';
import { expectMetric, loadSplit } from '@workshop/testkit';
import { describe, it } from 'vitest';

const rows = loadSplit<CapacityRow>(import.meta.dirname, 'capacity', 'test');
const DEV = 'calibrate on dev: node labs/13-capstone/src/dev-report.ts capacity';

// The scenarios are played once per file, on virtual time.
let played: OverloadResult[] | undefined;
const results = () => {
  played ??= rows.map((row) => simulateOverload(row, planAdmission(measuredOf(row))));
  return played;
};
const sum = (rs: OverloadResult[], f: (r: OverloadResult) => number) => rs.reduce((a, r) => a + f(r), 0);
const planOf = (id: string) => {
  const row = rows.find((r) => r.id === id) as CapacityRow;
  const plan = planAdmission(measuredOf(row));
  return `${id} (${row.providerConcurrency} provider slots, service p99 ${row.measuredMs.p99} ms; your plan ${plan.maxConcurrent} at once, ${plan.maxQueue} waiting, ${plan.maxQueueWaitMs} ms)`;
};

describe('DoD-2 admission limits under overload (test split: 16 scenarios on virtual time)', () => {
  it('answers at most 1 % of the admitted questions later than the SLO, and none of the scenarios past it at the p99', () => {
    const rs = results();
    const worst = rs
      .map((r) => ({ id: r.id, p99: r.latenciesMs.length ? percentile(r.latenciesMs, 99) : 0 }))
      .sort((a, b) => b.p99 - a.p99)[0];
    expectMetric(
      {
        name: 'late answers',
        value: 1 - sum(rs, (r) => r.inSlo) / sum(rs, (r) => r.answered),
        target: '<= 0.01',
        unit: 'ratio',
      },
      `worst p99 ${Math.round(worst?.p99 ?? 0)} ms in ${planOf(worst?.id ?? '')}; ${DEV}`,
    );
    expectMetric(
      { name: 'worst p99', value: Math.round(worst?.p99 ?? 0), target: `<= ${SLO.latencyMs}`, unit: 'ms' },
      DEV,
    );
  });

  it('answers in time at least 90 % of what the provider can serve during a burst, in every scenario', () => {
    const rs = results();
    const worst = [...rs].sort(
      (a, b) => a.burstInSlo / a.burstCapacity - b.burstInSlo / b.burstCapacity,
    )[0] as OverloadResult;
    expectMetric(
      { name: 'worst burst goodput', value: worst.burstInSlo / worst.burstCapacity, target: '>= 0.9', unit: 'ratio' },
      `in ${planOf(worst.id)}; ${DEV}`,
    );
  });

  it('sheds at most 1 % of the questions in calm traffic', () => {
    const rs = results();
    expectMetric(
      {
        name: 'calm shed',
        value: sum(rs, (r) => r.calmShed) / sum(rs, (r) => r.calmOffered),
        target: '<= 0.01',
        unit: 'ratio',
      },
      DEV,
    );
  });
});
