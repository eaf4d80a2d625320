/**
 * The labelled support requests (`fixtures/requests.{dev,test}.jsonl`, declared in `lab.yaml`) and
 * how a desk is scored on them. The DoD tests score the test split; `src/dev-report.ts` scores the
 * dev split with the same code. Node runs this file directly from the dev report, so it imports
 * only types from the code under test.
 */
import type { Answer, OrderStatus, ReturnReason } from '@lab/types.ts';
import { loadSplit, type Split } from '@workshop/testkit/datasets';

/** What a correct desk does with a request: answer it with these fields, or leave it to the model. */
export type Expected =
  | { kind: 'model' }
  | { kind: 'order_status'; orderId: string; status: OrderStatus | null }
  | { kind: 'return_eligibility'; orderId: string; eligible: boolean; reason: ReturnReason; deadline: string | null }
  | { kind: 'convert_currency'; amount: number; from: string; to: string; result: number | null }
  | { kind: 'password_reset'; url: string };

/** One labelled request. `case` names the kind of request (`status-typo`, `m-negation`…). */
export interface LabelledRequest {
  id: string;
  text: string;
  case: string;
  expect: Expected;
}

/** "Today" for the labels: the return windows in `expect` were decided on this date. */
export const LABELS_NOW = new Date('2025-03-10T12:00:00Z');

/** What DoD-1 asks of the test split. */
export const TARGETS = { coverage: 0.6, wrong: 0 } as const;

/** The rows of one split. */
export function loadRequests(split: Split): LabelledRequest[] {
  return loadSplit<LabelledRequest>(import.meta.dirname, 'requests', split);
}

/** The fields of an answer that the labels fix (the customer-facing `text` is free). */
export function answerFields(answer: Answer): Expected {
  switch (answer.kind) {
    case 'order_status':
      return { kind: answer.kind, orderId: answer.orderId, status: answer.order?.status ?? null };
    case 'return_eligibility': {
      const { kind, orderId, eligible, reason, deadline } = answer;
      return { kind, orderId, eligible, reason, deadline };
    }
    case 'convert_currency': {
      const { kind, amount, from, to, result } = answer;
      return { kind, amount, from, to, result };
    }
    case 'password_reset':
      return { kind: answer.kind, url: answer.url };
  }
}

/**
 * `correct`: answered with the labelled fields. `wrong`: answered, but a model row, another intent
 * or another field. `missed`: an answerable row left to the model (costs a call, not a customer).
 * `to-model`: a model row left to the model, as it should be.
 */
export type Verdict = 'correct' | 'wrong' | 'missed' | 'to-model';

export interface Outcome {
  row: LabelledRequest;
  verdict: Verdict;
  /** What the desk answered, in the labelled fields; null when it left the row to the model. */
  got: Expected | null;
}

export interface Score {
  outcomes: Outcome[];
  /** Rows plain code should answer. */
  answerable: number;
  correct: number;
  wrong: number;
  /** Share of answerable rows answered correctly. */
  coverage: number;
}

/** Scores `answer` (null: leave it to the model) on `rows`. */
export function scoreDesk(rows: LabelledRequest[], answer: (text: string) => Answer | null): Score {
  const outcomes = rows.map((row): Outcome => {
    const given = answer(row.text);
    const got = given === null ? null : answerFields(given);
    const answerable = row.expect.kind !== 'model';
    if (got === null) return { row, verdict: answerable ? 'missed' : 'to-model', got };
    return { row, verdict: sameFields(got, row.expect) ? 'correct' : 'wrong', got };
  });
  const answerable = rows.filter((row) => row.expect.kind !== 'model').length;
  const correct = outcomes.filter((o) => o.verdict === 'correct').length;
  const wrong = outcomes.filter((o) => o.verdict === 'wrong').length;
  return { outcomes, answerable, correct, wrong, coverage: answerable === 0 ? 0 : correct / answerable };
}

function sameFields(got: Expected, expected: Expected): boolean {
  const keys = new Set([...Object.keys(got), ...Object.keys(expected)]);
  return [...keys].every((key) => (got as Record<string, unknown>)[key] === (expected as Record<string, unknown>)[key]);
}

/** One line per field set: `order_status A-1042 status=shipped`, `model`. */
export function describeFields(fields: Expected | null): string {
  if (fields === null) return 'model';
  const { kind, ...rest } = fields;
  return [kind, ...Object.entries(rest).map(([key, value]) => `${key}=${value}`)].join(' ');
}
