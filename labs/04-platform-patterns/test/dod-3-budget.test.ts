import { BudgetExceededError } from '@lab/budget-error.ts';
import { streamWithinBudget } from '@lab/budgeted-call.ts';
import { TokenBudget } from '@lab/token-budget.ts';
import { type ChatRequest, countMessageTokens, OpenAIChatModel } from '@workshop/llm';
import { expectMetric, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from './helpers.ts';
import { type BilledCall, BUDGET_TARGETS, billedCall, type Outcome, TEST_DAY } from './provider-bill.ts';

const MODEL = 'gpt-4o-mini';
const network = useMockNetwork();
// Built per call: the client must be created after the mock network listens.
const chatModel = () => new OpenAIChatModel({ model: MODEL, apiKey: 'test-key' });
const DEV_REPORT = 'try it on dev: node labs/04-platform-patterns/src/dev-report.ts 3';

const request = (maxOutputTokens: number | undefined = 200): ChatRequest => ({
  messages: [
    { role: 'system', content: 'You are the support assistant of a kettle shop. Answer in two sentences.' },
    { role: 'user', content: 'Where is my parcel? I ordered a kettle on Monday.' },
  ],
  temperature: 0,
  ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
});
const PROMPT = countMessageTokens(request().messages, MODEL);
const ample = () => new TokenBudget({ perRequestTokens: 10_000, perUserDailyTokens: 1_000_000, now: manualClock() });

async function runDay(day: readonly Outcome[]): Promise<BilledCall[]> {
  const budget = ample();
  const calls: BilledCall[] = [];
  for (const outcome of day) {
    calls.push(
      await billedCall(
        network.openai,
        streamWithinBudget,
        chatModel(),
        request(),
        { budget, userId: 'alice' },
        outcome,
      ),
    );
  }
  const unsent = calls.filter((c) => c.sent !== 1);
  expect(
    unsent.length,
    `calls within an ample budget that never reached the provider: ${String(unsent[0]?.error)}`,
  ).toBe(0);
  return calls;
}

const describeOutcome = (o: Outcome) => (o.kind === 'cut' ? `cut after ${o.afterChunks} chunks` : o.kind);

describe('DoD-3 the budget charges what the provider bills, on a day of calls with faults', () => {
  it('charges no call less than the provider billed for it', async () => {
    const calls = await runDay(TEST_DAY);
    const under = calls.filter((c) => c.charged < c.billed);
    expectMetric(
      { name: 'undercharged calls', value: under.length, target: `== ${BUDGET_TARGETS.undercharged}`, unit: 'count' },
      `${under.map((c) => `${describeOutcome(c.outcome)}: charged ${c.charged}, billed ${c.billed}`).join('; ') || 'none'}; ${DEV_REPORT}`,
    );
  });

  it(`charges at most ${BUDGET_TARGETS.overchargeRatio} times what the provider billed over the day`, async () => {
    const calls = await runDay(TEST_DAY);
    const charged = calls.reduce((n, c) => n + c.charged, 0);
    const billed = calls.reduce((n, c) => n + c.billed, 0);
    expectMetric(
      {
        name: 'charged / billed',
        value: charged / billed,
        target: `<= ${BUDGET_TARGETS.overchargeRatio}`,
        unit: 'ratio',
      },
      `${charged} tokens charged for ${billed} billed over ${calls.length} calls; ${DEV_REPORT}`,
    );
    expect(charged / billed, 'a budget that charges less than the bill').toBeGreaterThanOrEqual(1);
  });
});

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant<Outcome>({ kind: 'answer' }),
  fc.constant<Outcome>({ kind: 'server_error' }),
  fc.constant<Outcome>({ kind: 'rate_limit' }),
  fc.integer({ min: 1, max: 40 }).map((afterChunks): Outcome => ({ kind: 'cut', afterChunks })),
);

describe('DoD-3 properties of the budgeted call', () => {
  it('never leaves a call charged below what the provider billed, whatever fails and where a stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(outcome, { minLength: 1, maxLength: 4 }), async (day) => {
        network.openai.reset();
        for (const call of await runDay(day)) {
          expect(call.charged, `${describeOutcome(call.outcome)} billed ${call.billed}`).toBeGreaterThanOrEqual(
            call.billed,
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it('sends nothing that could spend beyond either budget, and refuses with a BudgetExceededError instead', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 40, max: 400 }),
        fc.integer({ min: 40, max: 1_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        async (perRequestTokens, perUserDailyTokens, spentBefore, maxOutputTokens) => {
          network.openai.reset();
          const budget = new TokenBudget({ perRequestTokens, perUserDailyTokens, now: manualClock() });
          for (let left = Math.min(spentBefore, perUserDailyTokens); left > 0; left -= perRequestTokens) {
            const chunk = Math.min(left, perRequestTokens);
            budget.reserve('alice', chunk).settle(chunk);
          }
          const room = Math.min(perRequestTokens, budget.remainingToday('alice'));
          network.openai.script({ content: 'On its way.' });
          let error: unknown;
          try {
            for await (const _ of streamWithinBudget(chatModel(), request(maxOutputTokens), {
              budget,
              userId: 'alice',
            })) {
              // drain
            }
          } catch (caught) {
            error = caught;
          }
          const sent = network.openai.chatRequests[0];
          if (!sent) {
            expect(error, 'a call that is not sent is refused with a BudgetExceededError').toBeInstanceOf(
              BudgetExceededError,
            );
            const fitted = maxOutputTokens !== undefined && PROMPT + maxOutputTokens <= room;
            expect(fitted, `a request of ${PROMPT} + ${maxOutputTokens} tokens fits ${room}: send it`).toBe(false);
            return;
          }
          const cap = (sent.max_completion_tokens ?? sent.max_tokens) as number | undefined;
          expect(cap, 'a sent request carries an output cap').toBeTypeOf('number');
          expect(PROMPT + (cap as number), `prompt + output cap within the ${room} tokens left`).toBeLessThanOrEqual(
            room,
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
