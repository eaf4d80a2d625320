/**
 * The PII detector and redactor: candidates from `patterns.ts`, validated, then overlaps resolved
 * by type priority, then replaced by `[TYPE]` placeholders.
 */
import { ibanValid, luhnValid } from './checksums.ts';
import { DATE_LIKE, NOT_A_PHONE_BEFORE, PATTERNS, PHONE_LABEL_AFTER } from './patterns.ts';
import type { PiiFinding, PiiType, RedactionResult } from './types.ts';

/**
 * When two candidates overlap, the earlier type in this list wins: the ones with a checksum or a
 * rigid shape first, the permissive phone pattern last (a valid card number is also "digits").
 */
export const PRIORITY: readonly PiiType[] = ['EMAIL', 'IBAN', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS', 'PHONE'];

const digitCount = (value: string) => value.replace(/\D/g, '').length;

/**
 * A "weak" phone candidate — at most two digit groups, no `+`, no parentheses, e.g. `370 3911` —
 * looks exactly like a house number followed by a street number. Accept it only when what follows
 * is not a word (or is a phone label) and nothing before it says it is something else.
 */
function plausiblePhoneContext(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (NOT_A_PHONE_BEFORE.test(text.slice(Math.max(0, start - 25), start))) return false;
  const weak = !/[+(]/.test(value) && value.split(/[ .-]/).length <= 2;
  if (!weak) return true;
  const after = text.slice(end, end + 12);
  return !/^ +\p{L}/u.test(after) || PHONE_LABEL_AFTER.test(after);
}

/** Whether a candidate of `type` is real enough to report. */
export function isValidCandidate(type: PiiType, value: string): boolean {
  switch (type) {
    case 'CREDIT_CARD':
      return luhnValid(value);
    case 'IBAN':
      return ibanValid(value);
    case 'PHONE': {
      const main = value.replace(/\s?(?:x|ext\.?)\s?\d+$/, '');
      const digits = digitCount(main);
      return digits >= 7 && digits <= 15 && !DATE_LIKE.test(main);
    }
    default:
      return true;
  }
}

/**
 * Machine identifiers whose digit runs look like numbers a person has: about 1 random UUID in 120
 * starts with 8 decimal digits, which the phone pattern would take for a local number. Digits
 * inside such a token are never PII (an e-mail address or IBAN is checked on its own shape).
 */
const IDENTIFIER = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const NUMERIC_TYPES: ReadonlySet<PiiType> = new Set(['CREDIT_CARD', 'US_SSN', 'IP_ADDRESS', 'PHONE']);

/** Every validated, non-overlapping PII span in `text`, ordered by `start`. */
export function findPII(text: string): PiiFinding[] {
  if (typeof text !== 'string') throw new TypeError(`findPII expects a string, got ${typeof text}`);
  const identifiers = [...text.matchAll(IDENTIFIER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const accepted: PiiFinding[] = [];
  for (const type of PRIORITY) {
    for (const match of text.matchAll(PATTERNS[type])) {
      const start = match.index;
      const end = start + match[0].length;
      if (!isValidCandidate(type, match[0])) continue;
      if (type === 'PHONE' && !plausiblePhoneContext(text, start, end)) continue;
      if (NUMERIC_TYPES.has(type) && identifiers.some((id) => start < id.end && id.start < end)) continue;
      if (accepted.some((f) => start < f.end && f.start < end)) continue;
      accepted.push({ type, start, end });
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** Replaces every finding with `[TYPE]`. Offsets in `findings` refer to the original text. */
export function redactPII(text: string): RedactionResult {
  const findings = findPII(text);
  let redacted = '';
  let cursor = 0;
  for (const finding of findings) {
    redacted += `${text.slice(cursor, finding.start)}[${finding.type}]`;
    cursor = finding.end;
  }
  return { text: redacted + text.slice(cursor), findings };
}
