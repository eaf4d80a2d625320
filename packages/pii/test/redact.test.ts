import { describe, expect, it } from 'vitest';
import { findPII, PII_TYPES, type PiiType, redactPII } from '../src/index.ts';

/** The findings of `text` as `[type, value]` pairs, for readable expectations. */
const found = (text: string) => findPII(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe('findPII finds each of the six types', () => {
  it.each<[PiiType, string, string]>([
    ['EMAIL', 'Write to jane.doe+billing@mail.example.co.uk today.', 'jane.doe+billing@mail.example.co.uk'],
    ['PHONE', 'Call +41 44 668 18 00 after lunch.', '+41 44 668 18 00'],
    ['PHONE', 'Or (555) 123-4567 ext. 89 at the desk.', '(555) 123-4567 ext. 89'],
    ['CREDIT_CARD', 'Charge 5500-0000-0000-0004 tonight.', '5500-0000-0000-0004'],
    ['IBAN', 'Pay to GB82 WEST 1234 5698 7654 32 by Friday.', 'GB82 WEST 1234 5698 7654 32'],
    ['IBAN', 'Account CH9300762011623852957.', 'CH9300762011623852957'],
    ['US_SSN', 'SSN 123-45-6789 on file.', '123-45-6789'],
    ['IP_ADDRESS', 'Login from 203.0.113.42, blocked.', '203.0.113.42'],
  ])('%s in %j', (type, text, value) => {
    expect(found(text)).toEqual([[type, value]]);
  });

  it('covers exactly the six documented types', () => {
    expect([...PII_TYPES].sort()).toEqual(['CREDIT_CARD', 'EMAIL', 'IBAN', 'IP_ADDRESS', 'PHONE', 'US_SSN']);
  });
});

describe('findPII reports exact offsets into the original text', () => {
  it('every finding slices back to its value, ordered by start, also after multi-unit characters', () => {
    const text = '😀 Ünïcödé: mail ada@example.org, card 4111 1111 1111 1111, ip 10.0.0.1.';
    const findings = findPII(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'ada@example.org'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['IP_ADDRESS', '10.0.0.1'],
    ]);
    expect(findings[0]?.start).toBe(text.indexOf('ada@'));
    const starts = findings.map((f) => f.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('finds the same value twice when it occurs twice', () => {
    const text = 'a@example.com, then a@example.com again';
    expect(findPII(text).map((f) => f.start)).toEqual([0, text.lastIndexOf('a@example.com')]);
  });
});

describe('findPII does not take invalid numbers or ordinary numbers for PII', () => {
  it('a card number with a wrong check digit is not a card, and an IBAN with a wrong check is not an IBAN', () => {
    const text = 'Card 4111 1111 1111 1112 and IBAN DE89 3704 0044 0532 0130 01 are typos.';
    const types = findPII(text).map((f) => f.type);
    expect(types).not.toContain('CREDIT_CARD');
    expect(types).not.toContain('IBAN');
    expect(redactPII(text).text).toContain('4111 1111 1111 1112');
    expect(redactPII(text).text).toContain('DE89 3704 0044 0532 0130 01');
  });

  it('dates, versions, prices, order numbers and impossible addresses stay', () => {
    for (const text of [
      'Released 2024-05-01, version 1.2.3.4.5, 129.90 EUR, 3 items.',
      'Meeting on 16.04.2021 and 04/16/2021.',
      'Order number 4412 8871 ships today.',
      'Room 101 is free; 256.1.1.1 is not an address.',
    ]) {
      expect(findPII(text), text).toEqual([]);
    }
  });

  it('numbers in never-issued SSN ranges (area 000, 666, 9xx; group 00; serial 0000) are not SSNs', () => {
    const text = 'ids 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000';
    expect(findPII(text).map((f) => f.type)).not.toContain('US_SSN');
  });

  it('machine identifiers are not PII: a UUID starting with 8 digits is not a phone number', () => {
    // About 1 random UUID in 120 starts with 8 decimal digits; request ids in logs are UUIDs.
    for (const id of ['72964971-e7d6-49b8-900f-80f78bb7c325', '16879442-b596-4645-9c61-3fc2de0bc312']) {
      expect(findPII(`request ${id} finished`), id).toEqual([]);
    }
    // …while a real number next to an identifier is still found.
    const text = 'request 72964971-e7d6-49b8-900f-80f78bb7c325: call +1 415 555 0132';
    expect(findPII(text).map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['PHONE', '+1 415 555 0132']]);
  });

  it('a card number is never cut out of a longer digit run', () => {
    expect(findPII('tracking 94111111111111111123').map((f) => f.type)).not.toContain('CREDIT_CARD');
  });
});

describe('findPII resolves overlapping candidates by type priority', () => {
  it('a Luhn-valid card is a card, not a phone number, though both patterns match it', () => {
    expect(found('Pay with 4111 1111 1111 1111.')).toEqual([['CREDIT_CARD', '4111 1111 1111 1111']]);
  });

  it('an SSN and an IP address win over the permissive phone pattern', () => {
    expect(found('ssn 123-45-6789 host 192.168.10.23')).toEqual([
      ['US_SSN', '123-45-6789'],
      ['IP_ADDRESS', '192.168.10.23'],
    ]);
  });

  it('digits inside an e-mail address or an IBAN are not reported again as a phone or card', () => {
    expect(found('mail 4155550134@example.com')).toEqual([['EMAIL', '4155550134@example.com']]);
    expect(found('IBAN DE89370400440532013000')).toEqual([['IBAN', 'DE89370400440532013000']]);
  });

  it('findings never overlap', () => {
    const text = 'x 4111111111111111 y 123-45-6789 z +1 415 555 0134 w a.b@example.com v DE89370400440532013000';
    const findings = findPII(text);
    expect(findings).toHaveLength(5);
    for (let i = 1; i < findings.length; i += 1) {
      expect(findings[i]?.start).toBeGreaterThanOrEqual(findings[i - 1]?.end ?? 0);
    }
  });
});

describe('redactPII', () => {
  const text =
    'Mail jane.doe@example.org or call +1-415-555-0134. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, from 192.168.10.23.';

  it('replaces every finding with [TYPE] and keeps the offsets of the ORIGINAL text', () => {
    const result = redactPII(text);
    expect(result.text).toBe(
      'Mail [EMAIL] or call [PHONE]. Card [CREDIT_CARD], IBAN [IBAN], SSN [US_SSN], from [IP_ADDRESS].',
    );
    expect(result.findings).toEqual(findPII(text));
    expect(result.findings.map((f) => text.slice(f.start, f.end))).toEqual([
      'jane.doe@example.org',
      '+1-415-555-0134',
      '4111 1111 1111 1111',
      'DE89 3704 0044 0532 0130 00',
      '123-45-6789',
      '192.168.10.23',
    ]);
  });

  it('leaves text without PII untouched, and the empty string too', () => {
    const plain = 'Version 1.2.3 shipped on 2024-05-01 with 12 fixes; room 101 is free.';
    expect(redactPII(plain)).toEqual({ text: plain, findings: [] });
    expect(redactPII('')).toEqual({ text: '', findings: [] });
  });

  it('is deterministic: the global patterns carry no state from one call to the next', () => {
    const first = redactPII(text);
    expect(redactPII(text)).toEqual(first);
    expect(redactPII(`again: ${text}`).findings).toHaveLength(6);
  });

  it('refuses a value that is not a string with a one-line TypeError naming what it got', () => {
    expect(() => redactPII(42 as unknown as string)).toThrow(new TypeError('findPII expects a string, got number'));
    expect(() => findPII(undefined as unknown as string)).toThrow(/got undefined/);
  });
});
