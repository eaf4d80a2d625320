import { describe, expect, it } from 'vitest';
import { newKey, read, start, submission, submit, withMetrics } from './helpers.ts';

/** What `verify --json` carries on a measured checkpoint: `checkpoints[].metrics`. */
const tpr = (value: number) => ({ name: 'tpr', value, target: '>= 0.85', unit: 'ratio' });
const falseFlags = (value: number) => ({ name: 'false flags', value, target: '<= 0.05', unit: 'ratio' });

interface Rate {
  lab: string;
  checkpoint: string;
  passed: number;
  attempted: number;
  metrics: { name: string; reported: number; meeting: number | null; min: number; median: number; max: number }[];
}

async function rates(url: string): Promise<Rate[]> {
  return (await (await read(url, '/api/summary')).json()).checkpoints;
}

describe('measured checkpoints', () => {
  it("shows the room's min, median and max per metric beside the pass rate, with who reported and who meets it", async () => {
    const { url } = await start();
    // DoD-2 measures the guard: three participants at different operating points.
    expect((await submit(url, withMetrics(submission('Ana', 2), 1, [tpr(0.91), falseFlags(0.02)]))).status).toBe(201);
    expect((await submit(url, withMetrics(submission('Bo', 1), 1, [tpr(0.8), falseFlags(0.06)]))).status).toBe(201);
    expect((await submit(url, withMetrics(submission('Cy', 2), 1, [tpr(0.87)]))).status).toBe(201);

    const dod2 = (await rates(url)).find((rate) => rate.checkpoint === 'DoD-2');
    expect(dod2).toMatchObject({ passed: 2, attempted: 3 });
    expect(dod2?.metrics).toEqual([
      {
        name: 'tpr',
        unit: 'ratio',
        target: '>= 0.85',
        reported: 3,
        meeting: 2,
        min: 0.8,
        median: 0.87,
        max: 0.91,
        shown: { min: '0.8', median: '0.87', max: '0.91' },
      },
      {
        name: 'false flags',
        unit: 'ratio',
        target: '<= 0.05',
        reported: 2,
        meeting: 1,
        min: 0.02,
        median: 0.04,
        max: 0.06,
        shown: { min: '0.02', median: '0.04', max: '0.06' },
      },
    ]);
    // Checkpoints that measured nothing say so.
    expect((await rates(url)).find((rate) => rate.checkpoint === 'DoD-1')?.metrics).toEqual([]);
  });

  it("uses each participant's latest submission, and shows a KPI without a target as information", async () => {
    const { url } = await start();
    const key = newKey();
    await submit(url, withMetrics(submission('Ana', 1), 0, [{ name: 'latency', value: 40, unit: 'ms' }]), { key });
    await submit(url, withMetrics(submission('Ana', 1), 0, [{ name: 'latency', value: 12.345, unit: 'ms' }]), { key });
    const [dod1] = await rates(url);
    expect(dod1?.metrics).toEqual([
      {
        name: 'latency',
        unit: 'ms',
        reported: 1,
        meeting: null,
        min: 12.345,
        median: 12.345,
        max: 12.345,
        shown: { min: '12.3 ms', median: '12.3 ms', max: '12.3 ms' },
      },
    ]);
  });

  it('refuses malformed metrics with a 422 naming the field', async () => {
    const { url, store } = await start();
    const cases: [unknown[], RegExp][] = [
      [[{ name: 'tpr', value: '0.9' }], /labs\.0\.checkpoints\.1\.metrics\.0\.value/],
      [[{ name: 'tpr', value: 0.9, target: 'about 0.85' }], /metrics\.0\.target: must be a comparison and a number/],
      [[{ name: '', value: 0.9 }], /metrics\.0\.name: must not be empty/],
      [[{ name: 't\u200Bpr', value: 0.9 }], /metrics\.0\.name: must not contain invisible .*U\+200B/],
      [[{ name: 'x'.repeat(61), value: 1 }], /metrics\.0\.name/],
      [[{ name: 'tpr', value: 1, unit: 'r'.repeat(21) }], /metrics\.0\.unit/],
      [Array.from({ length: 21 }, (_, i) => ({ name: `m${i}`, value: i })), /labs\.0\.checkpoints\.1\.metrics: .*20/],
    ];
    for (const [metrics, message] of cases) {
      const body = withMetrics(submission('Ana', 1), 1, metrics as never);
      const response = await submit(url, body);
      expect(response.status, JSON.stringify(metrics).slice(0, 60)).toBe(422);
      expect((await response.json()).error).toMatch(message);
    }
    expect(store.countSubmissions()).toBe(0);
  });

  it("keeps one participant's invented metric names from crowding out the room's KPIs", async () => {
    const { url } = await start();
    const invented = Array.from({ length: 20 }, (_, i) => ({ name: `noise ${i}`, value: i }));
    await submit(url, withMetrics(submission('Mallory', 1), 1, [...invented.slice(0, 19), tpr(0.1)]));
    await submit(url, withMetrics(submission('Ana', 2), 1, [tpr(0.9)]));
    await submit(url, withMetrics(submission('Bo', 2), 1, [tpr(0.88)]));
    const dod2 = (await rates(url)).find((rate) => rate.checkpoint === 'DoD-2');
    expect(dod2?.metrics).toHaveLength(5);
    expect(dod2?.metrics.map((m) => m.name)).toContain('tpr');
    expect(dod2?.metrics.find((m) => m.name === 'tpr')).toMatchObject({ reported: 3, min: 0.1, max: 0.9 });
  });

  it('puts the metrics in the CSV as the watch screen shows them', async () => {
    const { url } = await start();
    await submit(url, withMetrics(submission('Ana', 2), 1, [tpr(0.8734), falseFlags(0.02)]));
    const lines = (await (await read(url, '/api/export.csv')).text()).trim().split('\r\n');
    expect(lines.find((line) => line.startsWith('Ana,01-foundations,DoD-2,'))).toMatch(
      /,tpr 0\.873 \(≥ 0\.85\); false flags 0\.02 \(≤ 0\.05\)$/,
    );
    expect(lines.find((line) => line.startsWith('Ana,01-foundations,DoD-1,'))).toMatch(/,$/);
  });
});
