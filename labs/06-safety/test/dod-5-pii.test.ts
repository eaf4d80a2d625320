import { redactPII } from '@lab/index.ts';
import { ibanValid, luhnValid } from '@lab/pii/checksums.ts';
import { loadPiiRecords, scorePii } from '@lab/pii/evaluation.ts';
import { findPII } from '@lab/pii/redact.ts';
import { describe, expect, it } from 'vitest';

describe('DoD-5 checksums separate real card and account numbers from digit noise', () => {
  it('Luhn accepts valid card numbers (with spaces or dashes) and rejects a changed digit', () => {
    for (const card of ['4111111111111111', '5500 0000 0000 0004', '3400-000000-00009', '6011000990139424']) {
      expect(luhnValid(card), card).toBe(true);
    }
    for (const card of ['4111111111111112', '5500 0000 0000 0005', '1234567812345678', 'abcd']) {
      expect(luhnValid(card), card).toBe(false);
    }
  });

  it('mod-97 accepts valid IBANs (any case, grouped or not) and rejects a changed digit', () => {
    for (const iban of [
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'gb29nwbk60161331926819',
      'CH9300762011623852957',
    ]) {
      expect(ibanValid(iban), iban).toBe(true);
    }
    for (const iban of ['DE89370400440532013001', 'GB82 WEST 1234 5698 7654 33', 'XX00', 'DE89']) {
      expect(ibanValid(iban), iban).toBe(false);
    }
  });
});

describe('DoD-5 redactPII finds and replaces the six structured types', () => {
  const text =
    'Mail jane.doe@example.org or call +1-415-555-0134. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, from 192.168.10.23.';

  it('reports every finding with exact offsets and replaces it with its type', () => {
    const { text: redacted, findings } = redactPII(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'jane.doe@example.org'],
      ['PHONE', '+1-415-555-0134'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['IBAN', 'DE89 3704 0044 0532 0130 00'],
      ['US_SSN', '123-45-6789'],
      ['IP_ADDRESS', '192.168.10.23'],
    ]);
    expect(redacted).toBe(
      'Mail [EMAIL] or call [PHONE]. Card [CREDIT_CARD], IBAN [IBAN], SSN [US_SSN], from [IP_ADDRESS].',
    );
  });

  it('does not redact numbers that fail their checksum as cards or IBANs', () => {
    const noisy = 'Card 4111 1111 1111 1112 and IBAN DE89 3704 0044 0532 0130 01 are typos.';
    const types = redactPII(noisy).findings.map((f) => f.type);
    expect(types).not.toContain('CREDIT_CARD');
    expect(types).not.toContain('IBAN');
    expect(redactPII(noisy).text).toContain('4111 1111 1111 1112');
  });

  it('leaves text without PII untouched', () => {
    const plain = 'Version 1.2.3 shipped on 2024-05-01 with 12 fixes; room 101 is free.';
    expect(redactPII(plain)).toEqual({ text: plain, findings: [] });
  });

  it('scores >= 90 % precision and recall per type, span by span, on the Presidio synthetic data', () => {
    const scores = scorePii(loadPiiRecords(), findPII);
    for (const [type, s] of Object.entries(scores)) {
      const summary = `${type}: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
      expect(s.precision, summary).toBeGreaterThanOrEqual(0.9);
      expect(s.recall, summary).toBeGreaterThanOrEqual(0.9);
    }
  });
});
