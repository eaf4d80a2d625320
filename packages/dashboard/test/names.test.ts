import { describe, expect, it } from 'vitest';
import { displayName, invisibleCharacter, nameKeys, skeleton } from '../src/names.ts';
import { RateLimiter } from '../src/rate-limit.ts';

const sameName = (a: string, b: string) => {
  const [x, y] = [nameKeys(a), nameKeys(b)];
  return x.caseKey === y.caseKey || x.shapeKey === y.shapeKey;
};

describe('names (UTS #39 skeletons)', () => {
  it('maps look-alikes from other scripts, full-width forms and case to one name', () => {
    expect(skeleton('\u0410lice')).toBe(skeleton('Alice')); // Cyrillic А
    expect(skeleton('AIice')).toBe(skeleton('Alice')); // capital I for l
    expect(skeleton('Jose\u0301')).toBe(skeleton('Jos\u00E9')); // decomposed é
    for (const other of ['\u0410lice', 'AIice', 'ALICE', 'alice', '\uFF21lice', 'Alice  ', '\u0410LICE'])
      expect(sameName(other, 'Alice'), other).toBe(true);
  });

  it('keeps different names apart', () => {
    for (const [a, b] of [
      ['Ana', 'Ann'],
      ['Participant 001', 'Participant 002'],
      ['Goran Petrović', 'Goran Petrovic'],
      ['Lee', 'Lea'],
    ] as const)
      expect(sameName(a, b), `${a} / ${b}`).toBe(false);
  });

  it('finds invisible and direction-changing characters, naming the code point', () => {
    expect(invisibleCharacter('Ali\u200Bce')).toBe('U+200B');
    expect(invisibleCharacter('\u202EecilA')).toBe('U+202E');
    expect(invisibleCharacter('a\u2067b')).toBe('U+2067');
    expect(invisibleCharacter('\u3164')).toBe('U+3164'); // Hangul filler: looks like nothing
    expect(invisibleCharacter('Chidi Okafor')).toBeUndefined();
    expect(invisibleCharacter('Hana Sato 佐藤')).toBeUndefined();
  });

  it('stores names composed, trimmed, with single spaces', () => {
    expect(displayName('  Ana \u00A0 Lima ')).toBe('Ana Lima');
    expect(displayName('Jose\u0301')).toBe('Jos\u00E9');
  });
});

describe('rate limit', () => {
  it('allows a burst, then the steady rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perMinute: 6 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('ana'))).toEqual([0, 0, 0, 10]);
    expect(limiter.take('bo')).toBe(0); // per participant
    now += 4_000;
    expect(limiter.take('ana')).toBe(6);
    now += 6_000;
    expect(limiter.take('ana')).toBe(0);
    expect(limiter.take('ana')).toBe(10);
  });
});
