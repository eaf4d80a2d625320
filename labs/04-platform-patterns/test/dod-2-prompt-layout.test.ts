import type { LabelledPair } from '@lab/pair-eval.ts';
import { CACHING_TARGETS, type CachingScore, missingParts, runSessions } from '@lab/prompt-cache-eval.ts';
import { layoutPrompt } from '@lab/prompt-layout.ts';
import { type PromptParts, supportSessions } from '@lab/prompt-parts.ts';
import { type ChatMessage, OpenAIChatModel } from '@workshop/llm';
import { expectMetric, loadSplit, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const network = useMockNetwork();
const questions = loadSplit<LabelledPair>(import.meta.dirname, 'pairs', 'test')
  .filter((pair) => pair.label === 'paraphrase')
  .map((pair) => pair.a);
const sessions = supportSessions(questions);
const DEV_REPORT = 'compare layouts on dev: node labs/04-platform-patterns/src/dev-report.ts 2';

// The sessions run once per file, inside the first test that asks (the emulator's prompt cache
// lives until the end of that test).
let scored: Promise<CachingScore> | undefined;
async function score(): Promise<CachingScore> {
  if (!scored) network.openai.respond(() => ({ content: 'Here is what our handbook says about it.' }));
  scored ??= runSessions(sessions, layoutPrompt, new OpenAIChatModel({ model: 'gpt-4.1-mini', apiKey: 'test-key' }));
  const result = await scored;
  expect(
    result.problems.slice(0, 3),
    'the layout must give the model every part once, the history in order, the question last',
  ).toEqual([]);
  return result;
}

describe('DoD-2 the prompt layout lets the provider cache what repeats, on the test sessions', () => {
  it(`has at least ${CACHING_TARGETS.cachedShare} of the prompt tokens served from the prompt cache`, async () => {
    const { cachedShare, cachedTokens, inputTokens, requests } = await score();
    expectMetric(
      { name: 'cached share', value: cachedShare, target: `>= ${CACHING_TARGETS.cachedShare}`, unit: 'ratio' },
      `${cachedTokens} of ${inputTokens} prompt tokens cached over ${requests} requests; ${DEV_REPORT}`,
    );
  });

  it(`costs at least ${CACHING_TARGETS.costSaved * 100} % less than the same calls uncached`, async () => {
    const { costSaved, costUsd, uncachedCostUsd } = await score();
    expectMetric(
      { name: 'cost saved', value: costSaved, target: `>= ${CACHING_TARGETS.costSaved}`, unit: 'ratio' },
      `$${costUsd.toFixed(5)} instead of $${uncachedCostUsd.toFixed(5)} (gpt-4.1-mini prices); ${DEV_REPORT}`,
    );
  });
});

/** The prompt as the provider compares it: roles and contents in order. */
const wire = (messages: readonly ChatMessage[]) =>
  messages.map((m) => `<${m.role}>${typeof m.content === 'string' ? m.content : ''}\n`).join('');

function sharedPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

const sentence = fc.stringMatching(/^[A-Z][a-z]{2,8}(?: [a-z]{2,8}){3,12}[.?]$/);
const volatile = fc.record({
  documents: fc.array(sentence, { minLength: 1, maxLength: 3 }),
  now: fc
    .date({ min: new Date('2025-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  question: sentence,
});

describe('DoD-2 properties of the layout', () => {
  const base = supportSessions(questions)[0]?.parts as PromptParts;

  it('any two requests share a prefix holding the policy and the examples, whatever the customer, time, passages and question', () => {
    fc.assert(
      fc.property(volatile, volatile, sentence, sentence, (one, two, customerOne, customerTwo) => {
        const first = layoutPrompt({ ...base, ...one, customer: customerOne, history: [] });
        const second = layoutPrompt({ ...base, ...two, customer: customerTwo, history: [] });
        expect(missingParts({ ...base, ...one, customer: customerOne, history: [] }, first)).toEqual([]);
        const shared = sharedPrefix(wire(first), wire(second));
        expect(
          shared.includes(base.policy) && shared.includes(base.examples),
          'policy and examples in the shared prefix',
        ).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("a conversation's next turn shares a prefix holding the customer and every earlier turn", () => {
    fc.assert(
      fc.property(volatile, volatile, fc.array(sentence, { minLength: 1, maxLength: 4 }), (one, two, answers) => {
        const history: ChatMessage[] = answers.flatMap((answer, i) => [
          { role: 'user' as const, content: `Earlier question ${i + 1}?` },
          { role: 'assistant' as const, content: answer },
        ]);
        const now = layoutPrompt({ ...base, ...one, history });
        const next = layoutPrompt({
          ...base,
          ...two,
          history: [...history, { role: 'user', content: one.question }, { role: 'assistant', content: 'Done.' }],
        });
        const shared = sharedPrefix(wire(now), wire(next));
        expect(shared.includes(base.customer), 'the customer in the shared prefix').toBe(true);
        for (const turn of history)
          expect(shared.includes(turn.content as string), `"${turn.content}" in the shared prefix`).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
