/**
 * A deliberately small personal-data detector, so this lab stands on its own. Given code: the
 * same in the starter and the solution.
 *
 * It finds structured identifiers only — e-mail addresses, phone numbers, payment cards (Luhn
 * checksum), IBANs (mod-97 checksum) and US social security numbers — and misses names,
 * addresses and anything said in prose. Lab 06 (safety) builds and measures a real detector;
 * in a product, plug that one in through the `detectPII` option instead of this one. For
 * routing, a miss sends personal data to a hosted API, so prefer a detector that errs on the
 * side of flagging, and let callers tag what they know is confidential.
 */
import type { PiiFinding } from './types.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
// +44 20 7946 0958, (555) 123-4567, 555-123-4567, +1 555 123 4567: at least 9 digits in total.
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}/g;

/** Luhn checksum: the last digit of a payment card number checks the others. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, '');
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function matches(text: string, pattern: RegExp): { start: number; end: number; value: string }[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] }));
}

/** Finds e-mail addresses, phone numbers, payment cards, IBANs and US SSNs in `text`. */
export function findPII(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  const overlaps = (start: number, end: number) => findings.some((f) => start < f.end && f.start < end);
  const add = (type: PiiFinding['type'], start: number, end: number) => {
    if (!overlaps(start, end)) findings.push({ type, start, end });
  };
  for (const m of matches(text, EMAIL)) add('EMAIL', m.start, m.end);
  for (const m of matches(text, IBAN)) if (ibanValid(m.value)) add('IBAN', m.start, m.end);
  for (const m of matches(text, CARD)) if (luhnValid(m.value.replace(/\D/g, ''))) add('CREDIT_CARD', m.start, m.end);
  for (const m of matches(text, SSN)) add('US_SSN', m.start, m.end);
  // Phones last: their pattern also matches parts of the identifiers above.
  for (const m of matches(text, PHONE)) {
    if (m.value.replace(/\D/g, '').length >= 9) add('PHONE', m.start, m.end);
  }
  return findings.sort((a, b) => a.start - b.start);
}
