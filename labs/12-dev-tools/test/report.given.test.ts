import { parseReport, renderHtml, summarize, toJson } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { handMadeRun } from './run-fixture.ts';

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('report (given): intervals and pass@k, as JSON and a self-contained HTML page', () => {
  it('summarize computes pass rate with its Wilson interval, pass@k and per-scorer figures', () => {
    const report = summarize(handMadeRun(), { seed: 1 });
    expect(report).toMatchObject({ name: 'support <reply> eval', caseCount: 3, trials: 2, errorCount: 1 });
    // 3 of 6 trials passed every scorer; Wilson 95% for 3/6 by hand: 0.5 ± 0.3124.
    expect(report.passRate).toMatchObject({ successes: 3, total: 6, value: 0.5 });
    expect(report.passRate.low).toBeCloseTo(0.1876, 3);
    expect(report.passRate.high).toBeCloseTo(0.8124, 3);
    // pass@1 = mean(2/2, 1/2, 0/2) = 0.5; pass@2 = mean(1, 1, 0) = 2/3.
    expect(report.passAtK['1']).toBeCloseTo(0.5, 12);
    expect(report.passAtK['2']).toBeCloseTo(2 / 3, 12);
    expect(Object.keys(report.passAtK)).toEqual(['1', '2']);
    // Only `always` passed both trials.
    expect(report.allTrialsPassRate).toMatchObject({ successes: 1, total: 3 });

    const [exact, judge] = report.scorers;
    expect(exact?.name).toBe('exact');
    expect(exact?.passRate).toMatchObject({ successes: 3, total: 6 });
    // judge: per-case means 0.875, 0.75, 0 → mean 0.541666…
    expect(judge?.passRate).toMatchObject({ successes: 3, total: 6 });
    expect(judge?.mean.value).toBeCloseTo(1.625 / 3, 12);
    expect(judge?.mean.low).toBeLessThan(judge?.mean.value ?? 0);
    expect(judge?.mean.high).toBeGreaterThan(judge?.mean.value ?? 1);
    expect(judge?.mean.low).toBeGreaterThanOrEqual(0);

    expect(report.costUsd).toBeCloseTo(0.005, 12);
    expect(report.totalTokens).toBe(300);
    expect(report.latencyMs.p50).toBe(150);
    expect(report.cases.map((c) => c.id)).toEqual(['always', 'flaky', 'never']);
    // Same run, same seed: the same report.
    expect(summarize(handMadeRun(), { seed: 1 })).toEqual(report);
  });

  it('the JSON report round-trips, and a broken report file is named in the error', () => {
    const report = summarize(handMadeRun());
    expect(parseReport(toJson(report), 'report.json')).toEqual(report);
    expect(() => parseReport('{"version": 1, "name": "x"}', 'baseline.json')).toThrow(/baseline\.json/);
    expect(() => parseReport('not json', 'baseline.json')).toThrow(/baseline\.json/);
  });

  it('the HTML page is self-contained, charts the figures in inline SVG and escapes model output', () => {
    const html = renderHtml(summarize(handMadeRun()));
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html.match(/<svg[\s>]/g)?.length).toBeGreaterThanOrEqual(2);
    // Nothing to fetch: no scripts, stylesheets or images from elsewhere.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\s(src|href)=["']/i);
    // Model output and names are text, not markup.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('support &lt;reply&gt; eval');
    // The figures and the failing trials are on the page.
    expect(html).toContain('50.0%');
    expect(html).toContain('pass@2');
    expect(html).toContain('upstream 503');
    expect(html).toContain('flaky');
    expect(html).toContain('judge 3/5');
  });
});
