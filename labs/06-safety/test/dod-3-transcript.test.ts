import { type Conversation, type GoldSpan, tokensOf, transcriptKpis } from '@lab/measure.ts';
import { createTranscriptLog } from '@lab/pii/transcript.ts';
import type { PiiType } from '@lab/pii/types.ts';
import { findPII } from '@workshop/pii';
import { expectMetric, loadSplit } from '@workshop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const conversations = loadSplit<Conversation>(import.meta.dirname, 'pii-conversations', 'test');
const SERVICE_KEY = Buffer.alloc(32, 42);
const newLog = (serviceKey = SERVICE_KEY) => createTranscriptLog({ serviceKey });

let measured: ReturnType<typeof transcriptKpis> | undefined;
const kpis = () => {
  measured ??= transcriptKpis(conversations, () => newLog());
  return measured;
};
const TYPES: PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS'];
const detail = (type: PiiType) =>
  `${kpis().byType[type]?.spans ?? 0} ${type} values in ${conversations.length} test conversations`;

describe('DoD-3 the transcript log keeps pseudonyms, not values', () => {
  it('leaves no value readable, type by type', () => {
    for (const type of TYPES) {
      expectMetric(
        { name: `exposed ${type}`, value: kpis().byType[type]?.exposed ?? 1, target: '<= 0.05', unit: 'ratio' },
        detail(type),
      );
    }
  });

  it('lets a reviewer see "the same value again" within a conversation, type by type', () => {
    for (const type of TYPES) {
      expectMetric(
        { name: `traceable ${type}`, value: kpis().byType[type]?.traceable ?? 0, target: '>= 0.95', unit: 'ratio' },
        detail(type),
      );
    }
  });

  it('changes nothing but the values, each into one [TYPE:token]', () => {
    expectMetric(
      { name: 'turns preserved', value: kpis().preserved, target: '>= 0.97', unit: 'ratio' },
      `${conversations.reduce((n, c) => n + c.turns.length, 0)} test turns`,
    );
  });
});

/** Test turns holding exactly one value, which the detector finds, by type: what the linkability properties store. */
const single = (type: PiiType) =>
  conversations
    .flatMap((c) => c.turns)
    .filter((t) => {
      const [span] = t.spans;
      const [found] = findPII(t.text);
      return t.spans.length === 1 && span?.type === type && found?.start === span.start && found.end === span.end;
    }) as { text: string; spans: GoldSpan[] }[];
const tokenIn = (log: ReturnType<typeof newLog>, turn: { text: string; spans: GoldSpan[] }) =>
  tokensOf(turn, log.record(turn.text))?.[0];

describe('DoD-3 what links across conversations, and what does not', () => {
  it('gives a customer’s contact and payment data no token that links two conversations', () => {
    for (const type of ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN'] as const) {
      const turns = single(type);
      const distinct = fc
        .tuple(fc.constantFrom(...turns), fc.constantFrom(...turns))
        .filter(([a, b]) => a.spans[0]?.value !== b.spans[0]?.value);
      fc.assert(
        fc.property(distinct, ([x, y]) => {
          const [a, b, c] = [newLog(), newLog(), newLog()];
          const inA = tokenIn(a, x);
          // The same value in another conversation must look no more alike than a different value does.
          expect(inA === tokenIn(b, x), `${type}: the same value links two conversations`).toBe(inA === tokenIn(c, y));
        }),
        { numRuns: 15 },
      );
    }
  });

  it('lets the abuse team follow an IP address across conversations — only with the service key', () => {
    const turns = single('IP_ADDRESS');
    expect(turns.length).toBeGreaterThan(1);
    const [x, y] = [turns[0], turns.find((t) => t.spans[0]?.value !== turns[0]?.spans[0]?.value)] as [
      (typeof turns)[number],
      (typeof turns)[number],
    ];
    const token = tokenIn(newLog(), x);
    expect(token, 'an IP address is stored as [IP_ADDRESS:token]').toBeDefined();
    expect(tokenIn(newLog(), x), 'the same IP in another conversation').toBe(token);
    expect(tokenIn(newLog(), y), 'a different IP').not.toBe(token);
    expect(tokenIn(newLog(Buffer.alloc(32, 7)), x), 'the same IP under another service key').not.toBe(token);
  });
});
