import { classifySensitivity } from '@lab/sensitivity.ts';
import type { RoutedRequest } from '@lab/types.ts';
import { describe, expect, it } from 'vitest';

const ask = (content: string, tags?: string[]): RoutedRequest => ({
  messages: [{ role: 'user', content }],
  ...(tags ? { tags } : {}),
});

describe('sensitivity: a confidential tag keeps a request on the self-hosted model', () => {
  it('a request tagged confidential is confidential, with the tag as its reason', () => {
    expect(classifySensitivity(ask('Summarise the Q3 board minutes.', ['confidential']))).toEqual({
      level: 'confidential',
      reasons: ['tag:confidential'],
    });
  });

  it('tags are compared case-insensitively', () => {
    expect(classifySensitivity(ask('Summarise the minutes.', ['internal', 'Confidential'])).level).toBe('confidential');
  });

  it('other tags and no tags leave a clean request public, with no reasons', () => {
    expect(classifySensitivity(ask('What is the capital of Norway?', ['public', 'faq']))).toEqual({
      level: 'public',
      reasons: [],
    });
    expect(classifySensitivity(ask('Write a haiku about autumn.'))).toEqual({ level: 'public', reasons: [] });
  });

  it('the caller can configure which tags are confidential', () => {
    const options = { confidentialTags: ['restricted', 'hr'] };
    expect(classifySensitivity(ask('Salary bands for 2026', ['HR']), options)).toEqual({
      level: 'confidential',
      reasons: ['tag:hr'],
    });
    expect(classifySensitivity(ask('Salary bands for 2026', ['confidential']), options).level).toBe('public');
  });
});

describe('sensitivity: personal data keeps a request on the self-hosted model', () => {
  it.each([
    ['Draft a reply to jane.doe@example.com about her order', 'EMAIL'],
    ['Call the customer back on +44 20 7946 0958 today', 'PHONE'],
    ['Refund the card 4111 1111 1111 1111 please', 'CREDIT_CARD'],
    ['Pay the invoice to GB82 WEST 1234 5698 7654 32', 'IBAN'],
    ['Check the record for SSN 123-45-6789', 'US_SSN'],
  ])('%j is confidential because of %s', (text, type) => {
    expect(classifySensitivity(ask(text))).toEqual({ level: 'confidential', reasons: [`pii:${type}`] });
  });

  it('looks at every message: system, history and tool output, not only the last user turn', () => {
    const request: RoutedRequest = {
      messages: [
        { role: 'system', content: 'You are a support assistant.' },
        { role: 'user', content: 'Look up the customer of order 1042.' },
        { role: 'tool', toolCallId: 'call_1', content: '{"customer":"ola.nordmann@example.no"}' },
        { role: 'user', content: 'Now summarise the case.' },
      ],
    };
    expect(classifySensitivity(request)).toEqual({ level: 'confidential', reasons: ['pii:EMAIL'] });
  });

  it('lists each reason once, tags first, never the data itself', () => {
    const decision = classifySensitivity(
      ask('Mail a@example.com and b@example.com, then call 555-123-4567', ['confidential']),
    );
    expect(decision.reasons).toEqual(['tag:confidential', 'pii:EMAIL', 'pii:PHONE']);
    expect(JSON.stringify(decision)).not.toMatch(/example\.com|555/);
  });

  it('uses the detector it is given (e.g. lab 06) instead of the built-in one', () => {
    const detectPII = (text: string) => (/Ola Nordmann/.test(text) ? [{ type: 'EMAIL' as const }] : []);
    expect(classifySensitivity(ask('Write to Ola Nordmann'), { detectPII }).reasons).toEqual(['pii:EMAIL']);
    expect(classifySensitivity(ask('Mail jane@example.com'), { detectPII }).level).toBe('public');
  });
});
