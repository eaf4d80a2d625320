import { answerIntent } from '@lab/answer.ts';
import { loadFixtures } from '@lab/data.ts';
import { parseRequest } from '@lab/parse.ts';
import { expectMetric } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABELS_NOW, type LabelledRequest, loadRequests, type Score, scoreDesk, TARGETS } from './requests.ts';

const rows = loadRequests('test');
const shop = loadFixtures();
const DEV_REPORT = 'calibrate on dev: node labs/01-foundations/src/dev-report.ts';

// The split is scored once per file: the tests below read the same verdicts.
let scored: Score | undefined;
function score(): Score {
  scored ??= scoreDesk(rows, (text) => {
    const intent = parseRequest(text);
    return intent === null ? null : answerIntent(intent, shop, LABELS_NOW);
  });
  return scored;
}

/** Test rows the desk answered right, with the field `key` in their label. */
function answeredRows(key: 'orderId' | 'amount'): LabelledRequest[] {
  const found = score()
    .outcomes.filter((o) => o.verdict === 'correct' && key in o.row.expect)
    .map((o) => o.row);
  expect(found.length, `the desk answers no test request with an ${key} yet; ${DEV_REPORT}`).toBeGreaterThan(0);
  return found;
}

/** Counts per kind of request, e.g. `m-two ×2, m-negation ×1`, without showing test rows. */
function byCase(outcomes: Score['outcomes']): string {
  const counts = new Map<string, number>();
  for (const { row } of outcomes) counts.set(row.case, (counts.get(row.case) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ');
}

const orderIdOf = (row: LabelledRequest) => ('orderId' in row.expect ? row.expect.orderId : '');
const anOrderId = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.integer({ min: 0, max: 9999 }), fc.boolean())
  .map(([letter, n, lower]) => `${lower ? letter.toLowerCase() : letter}-${String(n).padStart(4, '0')}`);

describe('DoD-1 plain code answers only what it is sure of, measured on the test split', () => {
  it(`answers at least ${TARGETS.coverage} of the answerable test requests correctly`, () => {
    const { coverage, correct, answerable } = score();
    expectMetric(
      { name: 'coverage', value: coverage, target: `>= ${TARGETS.coverage}`, unit: 'ratio' },
      `${correct} of ${answerable} answerable test requests answered right (${rows.length} requests); ${DEV_REPORT}`,
    );
  });

  it('answers no test request wrongly: no wrong intent, no wrong field, nothing the model must take', () => {
    const wrong = score().outcomes.filter((o) => o.verdict === 'wrong');
    expectMetric(
      { name: 'wrong answers', value: wrong.length, target: `== ${TARGETS.wrong}`, unit: 'count' },
      `wrong on ${byCase(wrong)}; ${DEV_REPORT}`,
    );
  });
});

describe('DoD-1 properties of the routing rules', () => {
  it('never answers a request that names two different orders', () => {
    const answered = answeredRows('orderId');
    const joiner = fc.constantFrom(' and ', ', ', ' / ', ' & ', ' or ', ' + ');
    fc.assert(
      fc.property(fc.constantFrom(...answered), anOrderId, joiner, (row, other, join) => {
        fc.pre(other.toUpperCase() !== orderIdOf(row));
        const text = row.text.replace(new RegExp(orderIdOf(row), 'i'), (id) => `${id}${join}${other}`);
        expect(parseRequest(text), text).toBeNull();
      }),
    );
  });

  it('takes the order id and the amount from the request, not from a list it knows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...answeredRows('orderId')), anOrderId, (row, fresh) => {
        fc.pre(fresh.toUpperCase() !== orderIdOf(row));
        const text = row.text.replace(new RegExp(orderIdOf(row), 'gi'), fresh);
        expect(parseRequest(text), text).toEqual({ kind: row.expect.kind, orderId: fresh.toUpperCase() });
      }),
    );
    // Conversions written with a single plain number: a new number must give a new amount.
    const single = answeredRows('amount').filter((row) => row.text.match(/\d[\d.,]*/g)?.length === 1);
    const amount = fc.oneof(
      fc.integer({ min: 1, max: 99_999 }),
      fc.integer({ min: 1, max: 999_999 }).map((c) => c / 100),
    );
    fc.assert(
      fc.property(fc.constantFrom(...single), amount, (row, value) => {
        const written = Number.isInteger(value) ? String(value) : value.toFixed(2);
        const text = row.text.replace(/\d[\d.,]*\d|\d/, written);
        expect(parseRequest(text), text).toMatchObject({ kind: 'convert_currency', amount: value });
      }),
    );
  });

  it('gives the same answer whatever the letter case and the surrounding whitespace', () => {
    expect(score().correct, `the desk answers no test request right yet; ${DEV_REPORT}`).toBeGreaterThan(0);
    const variant = fc.constantFrom(
      (t: string) => t.toUpperCase(),
      (t: string) => t.toLowerCase(),
      (t: string) => `  ${t}\n`,
      (t: string) => `\t${t.toUpperCase()} `,
    );
    fc.assert(
      fc.property(fc.constantFrom(...rows), variant, (row, change) => {
        expect(parseRequest(change(row.text)), JSON.stringify(change(row.text))).toEqual(parseRequest(row.text));
      }),
    );
  });
});
