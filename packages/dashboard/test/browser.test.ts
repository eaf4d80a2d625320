import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './browser.ts';
import { newKey, start, submission, submit, TOKENS, withMetrics } from './helpers.ts';

if (!hasChromium) {
  // Visible in the run's output, not only as a skipped count: CI installs it, laptops may not.
  process.stderr.write(`\n[dashboard] browser tests SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)\n\n`);
}

/** Pages update asynchronously; a loaded 2-core machine may take a few seconds. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });

describe.skipIf(!hasChromium)(`the instructor's page in Chromium (${CHROMIUM})`, () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeEach(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await browser.close();
  });

  it('renders the heatmap of participants × labs and drops the token from the address bar', async () => {
    const { url } = await start();
    await submit(url, submission('Ana', 3));
    await submit(url, submission('Bo', 1));
    const page = await browser.context.newPage();
    await page.goto(`${url}/#token=${TOKENS.instructor}`);

    const rows = page.locator('#heatmap tbody tr');
    await poll(() => rows.count()).toBe(2);
    expect(await page.locator('#heatmap thead th.lab').allTextContents()).toEqual(['01-foundations']);
    expect(await rows.nth(0).locator('th').textContent()).toBe('Ana');
    expect(await rows.nth(0).locator('.cell').textContent()).toBe('3/3');
    expect(await rows.nth(1).locator('.cell').getAttribute('class')).toBe('cell level-1');
    expect(await page.locator('#rates tbody tr').count()).toBe(3);
    expect(page.url()).toBe(`${url}/`);
  });

  it("shows a measured checkpoint's room min, median and max beside its pass rate", async () => {
    const { url } = await start();
    const tpr = (value: number) => [{ name: 'tpr', value, target: '>= 0.85', unit: 'ratio' }];
    await submit(url, withMetrics(submission('Ana', 2), 1, tpr(0.91)));
    await submit(url, withMetrics(submission('Bo', 1), 1, tpr(0.8)));
    await submit(url, withMetrics(submission('Cy', 2), 1, tpr(0.87)));
    const page = await browser.context.newPage();
    await page.goto(`${url}/#token=${TOKENS.instructor}`);

    const dod2 = page.locator('#rates tbody tr').nth(1);
    await poll(() => dod2.locator('td.metrics .metric').count()).toBe(1);
    expect(await dod2.locator('td').nth(1).textContent()).toBe('DoD-2');
    expect(await dod2.locator('td').nth(4).textContent()).toBe('2/3');
    expect(await dod2.locator('.metric').textContent()).toBe('tpr min 0.8 · median 0.87 · max 0.91 2/3 meet >= 0.85');
    expect(await dod2.locator('.meets').getAttribute('title')).toBe('3 reported');
    // A checkpoint that measured nothing has an empty cell.
    expect(await page.locator('#rates tbody tr').nth(0).locator('td.metrics').textContent()).toBe('');
  });

  it('shows a new submission without a reload (server-sent events)', async () => {
    const dashboard = await start();
    const { url } = dashboard;
    await submit(url, submission('Ana', 1));
    const page = await browser.context.newPage();
    await page.goto(`${url}/#token=${TOKENS.instructor}`);
    await poll(() => page.locator('#heatmap tbody tr').count()).toBe(1);
    // A reload would lose this marker.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    // Submit only once the page listens, so the row can only arrive through the event stream.
    await poll(() => dashboard.openStreams()).toBe(1);

    const key = newKey();
    await submit(url, submission('Cy', 2), { key });
    const cy = page.locator('#heatmap tbody tr[data-participant="Cy"] .cell');
    await poll(() => cy.textContent()).toBe('2/3');
    await submit(url, submission('Cy', 3), { key });
    await poll(() => cy.textContent()).toBe('3/3');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('shows a participant named like an HTML tag as text, and runs nothing', async () => {
    const { url } = await start({ repeatFailures: 1 });
    const name = '<img src=x onerror=alert(1)>';
    await submit(url, submission(name, 1));
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${url}/#token=${TOKENS.instructor}`);

    await poll(() => page.locator('#heatmap tbody th.name').textContent()).toBe(name);
    // Also in the "needs attention" list (stuck after one failure with this threshold).
    expect(await page.locator('#attention strong').allTextContents()).toEqual([name]);
    expect(await page.locator('img').count()).toBe(0);
    // Let any image error handler that did slip through fire before asserting none did.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(dialogs).toEqual([]);
  });
});
