import { answerIntent } from '@lab/answer.ts';
import { loadFixtures } from '@lab/data.ts';
import type { Intent } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';
import { answerFields, type Expected, LABELS_NOW, loadRequests } from './requests.ts';

const shop = loadFixtures();
const splits = { dev: loadRequests('dev'), test: loadRequests('test') };

/** The intent a label stands for. */
function intentOf(expected: Exclude<Expected, { kind: 'model' }>): Intent {
  switch (expected.kind) {
    case 'order_status':
    case 'return_eligibility':
      return { kind: expected.kind, orderId: expected.orderId };
    case 'convert_currency':
      return { kind: expected.kind, amount: expected.amount, from: expected.from, to: expected.to };
    case 'password_reset':
      return { kind: expected.kind };
  }
}

// Guards the labels against drift: when fixtures/*.json change, the answer fields must follow.
describe('given the labelled requests', () => {
  it.each(Object.entries(splits))('%s: every answer field agrees with the tables on the labels’ date', (_, rows) => {
    for (const row of rows) {
      if (row.expect.kind === 'model') continue;
      expect(answerFields(answerIntent(intentOf(row.expect), shop, LABELS_NOW)), row.id).toEqual(row.expect);
    }
  });

  it('has unique ids, no request in both splits, and every kind of request in both', () => {
    const all = [...splits.dev, ...splits.test];
    expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
    const devTexts = new Set(splits.dev.map((row) => row.text.trim().toLowerCase()));
    expect(splits.test.filter((row) => devTexts.has(row.text.trim().toLowerCase()))).toEqual([]);
    const cases = (rows: typeof all) => new Set(rows.map((row) => row.case));
    expect([...cases(splits.test)].sort()).toEqual([...cases(splits.dev)].sort());
    expect(all.length).toBeGreaterThanOrEqual(150);
  });
});
