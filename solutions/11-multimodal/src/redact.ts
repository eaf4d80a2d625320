/**
 * A small PII redactor for transcripts, on the same pattern as lab 06's output guard
 * (`redactPII` in solutions/06-safety): candidates by pattern, validated (Luhn for cards, digit
 * counts for phones), overlaps resolved by type priority, replaced by `[TYPE]`.
 */

/** The PII types this redactor finds (a subset of lab 06's). */
export type PiiType = 'EMAIL' | 'CREDIT_CARD' | 'PHONE';

/** One detected span, with offsets into the ORIGINAL text. */
export interface PiiFinding {
  type: PiiType;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** The redacted text and what was found. */
export interface RedactionResult {
  /** The text with every finding replaced by `[TYPE]`. */
  text: string;
  /** Findings ordered by `start`, not overlapping. */
  findings: PiiFinding[];
}

/** Checked in this order; on overlap the earlier type wins (a card number is also "digits"). */
const PATTERNS: readonly [PiiType, RegExp][] = [
  ['EMAIL', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu],
  ['CREDIT_CARD', /\b\d(?:[ -]?\d){12,18}\b/g],
  ['PHONE', /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}\b/g],
];

/** The Luhn checksum every payment card number satisfies (and most digit runs do not). */
export function luhnValid(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

function valid(type: PiiType, value: string): boolean {
  if (type === 'CREDIT_CARD') return luhnValid(value);
  if (type === 'PHONE') {
    const digits = value.replace(/\D/g, '').length;
    // Fewer than 7 digits is a year, a price, a count; more than 15 is not a phone number (E.164).
    return digits >= 7 && digits <= 15;
  }
  return true;
}

/** Replaces emails, payment card numbers and phone numbers with `[EMAIL]`, `[CREDIT_CARD]`, `[PHONE]`. */
export function redactPII(text: string): RedactionResult {
  const findings: PiiFinding[] = [];
  for (const [type, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!valid(type, match[0])) continue;
      if (findings.some((f) => start < f.end && f.start < end)) continue;
      findings.push({ type, start, end });
    }
  }
  findings.sort((a, b) => a.start - b.start);
  let redacted = '';
  let cursor = 0;
  for (const finding of findings) {
    redacted += `${text.slice(cursor, finding.start)}[${finding.type}]`;
    cursor = finding.end;
  }
  return { text: redacted + text.slice(cursor), findings };
}
