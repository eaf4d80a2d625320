/**
 * `node scripts/screenshot.ts [out.png]`: seeds a demo room, opens the page in Debian's Chromium and
 * saves a screenshot (default: docs/dashboard.png at the repository root, linked from the README).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CatalogLab } from '../src/catalog.ts';
import type { Submission } from '../src/schema.ts';
import { startDashboard } from '../src/server.ts';
import { hasChromium, launchChromium } from '../test/browser.ts';
import { SAMPLE_LABS } from './sample-labs.ts';

// The first five labs: enough columns to show the room, narrow enough for a screenshot.
const LABS = SAMPLE_LABS.slice(0, 5);
const NAMES = [
  'Ana Lima',
  'Bo Chen',
  'Chidi Okafor',
  'Dana Weiss',
  'Elif Kaya',
  'Farah Haddad',
  'Goran Petrović',
  'Hana Sato',
  'Ines Moreau',
  'Jonas Berg',
  '<img src=x onerror=alert(1)>',
];
// Checkpoints passed so far, in workshop order: the room is spread out, a few are stuck on 03 DoD-3.
const PASSED = [15, 10, 8, 8, 4, 12, 8, 2, 9, 0, 3];
const CATALOG: CatalogLab[] = LABS.map(([id, title, count]) => ({
  id,
  title,
  checkpoints: Array.from({ length: count }, (_, i) => ({ id: `DoD-${i + 1}`, title: checkpointTitle(title, i) })),
}));

function checkpointTitle(labTitle: string, i: number): string {
  return `${labTitle.split(' — ')[0]}: checkpoint ${i + 1}`;
}

/** Measured checkpoints: lab 01 DoD-1 reports its deterministic coverage, each participant at their own level. */
function metricsFor(
  labId: string,
  index: number,
  participant: number,
): Submission['labs'][number]['checkpoints'][number]['metrics'] {
  if (labId === '01-foundations' && index === 0) {
    return [
      { name: 'coverage', value: 0.52 + ((participant * 7) % 10) / 40, target: '>= 0.6', unit: 'ratio' },
      { name: 'wrong answers', value: participant % 4 === 0 ? 1 : 0, target: '== 0', unit: 'count' },
    ];
  }
  if (labId === '03-providers' && index === 2) {
    return [{ name: 'p99 latency', value: 180 + ((participant * 37) % 140), target: '<= 250', unit: 'ms' }];
  }
  return undefined;
}

function report(name: string, passed: number, at: Date, participant: number): Submission {
  let budget = passed;
  const labs = [];
  for (const [id, title, count] of LABS) {
    if (budget < 0) break; // labs not reached yet are not checked
    const checkpoints = Array.from({ length: count }, (_, i) => {
      const pass = budget-- > 0;
      const metrics = metricsFor(id, i, participant);
      return {
        id: `DoD-${i + 1}`,
        title: checkpointTitle(title, i),
        status: (pass ? 'pass' : 'fail') as 'pass' | 'fail',
        message: pass ? '' : 'AssertionError: expected 2 model calls, got 3',
        ...(metrics ? { metrics } : {}),
      };
    });
    const status: 'pass' | 'fail' | 'error' =
      name === 'Hana Sato' && id === '01-foundations'
        ? 'error'
        : checkpoints.every((c) => c.status === 'pass')
          ? 'pass'
          : 'fail';
    labs.push({ id, title, status, checkpoints, checkedAt: at.toISOString() });
  }
  return { version: 1, target: 'labs', participant: { name }, generatedAt: at.toISOString(), labs };
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('/usr/bin/chromium not found: apt-get install -y chromium');
  const out = path.resolve(
    process.argv[2] ?? path.join(import.meta.dirname, '..', '..', '..', 'docs', 'dashboard.png'),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-shot-'));
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    db: path.join(dir, 'demo.db'),
    labs: CATALOG,
    repeatFailures: 4,
  });
  const now = Date.now();
  NAMES.forEach((name, i) => {
    const key = randomBytes(32).toString('base64url');
    const passed = PASSED[i] ?? 0;
    // Older history first: the ones stuck on a checkpoint re-checked it several times.
    const stuck = passed === 14 ? 5 : 1;
    for (let k = stuck; k >= 1; k--) {
      const idle = name === 'Jonas Berg' ? 25 : name === 'Dana Weiss' ? 14 : 1;
      dashboard.store.record(report(name, passed, new Date(now - (idle + k) * 60_000), i), key);
    }
  });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${dashboard.url}/#token=${dashboard.tokens.instructor}`);
    await page
      .locator('#heatmap tbody tr')
      .nth(NAMES.length - 1)
      .waitFor();
    await page.screenshot({ path: out, fullPage: true });
    console.log(`saved ${out}`);
  } finally {
    await browser.close();
    await dashboard.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`screenshot: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
