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

/** Replaces emails, payment card numbers and phone numbers with `[EMAIL]`, `[CREDIT_CARD]`, `[PHONE]`. */
export function redactPII(text: string): RedactionResult {
  // TODO: find candidates with one global regex per type, checked in this priority order:
  //   EMAIL, then CREDIT_CARD (13–19 digits, spaces or dashes allowed, and luhnValid), then PHONE
  //   (digit groups with an optional +country code; 7 to 15 digits in total, so years and prices stay).
  //   Skip a candidate that overlaps one already accepted. Sort the findings by start, then build the
  //   text with each span replaced by `[${type}]`; offsets in `findings` refer to the ORIGINAL text.
  throw new Error(`TODO: redactPII (src/redact.ts) — redact ${text.length} characters`);
}
