/**
 * The output guard's PII detector and redactor: candidates from `patterns.ts`, validated, then
 * overlaps resolved by type priority, then replaced by `[TYPE]` placeholders.
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
  // TODO (DoD-5): CREDIT_CARD → luhnValid(value); IBAN → ibanValid(value);
  // PHONE → strip a trailing extension (/\s?(?:x|ext\.?)\s?\d+$/), then 7–15 digits and not DATE_LIKE;
  // every other type → true.
  void type;
  void value;
  void ibanValid;
  void luhnValid;
  void DATE_LIKE;
  void digitCount;
  throw new Error('TODO: isValidCandidate — checksums for cards and IBANs, digit count for phones');
}

/** Every validated, non-overlapping PII span in `text`, ordered by `start`. */
export function findPII(text: string): PiiFinding[] {
  // TODO (DoD-5): for each type in PRIORITY order, for each `text.matchAll(PATTERNS[type])`:
  //  start = match.index, end = start + match[0].length; skip it unless `isValidCandidate(type, match[0])`
  //  (and, for PHONE, `plausiblePhoneContext(text, start, end)`); skip it when it overlaps a finding
  //  already accepted (`start < f.end && f.start < end`); otherwise accept `{ type, start, end }`.
  //  Return the findings sorted by start. Throw a TypeError naming the type when `text` is not a string.
  void text;
  void PATTERNS;
  void plausiblePhoneContext;
  throw new Error('TODO: findPII — validated, non-overlapping candidates in priority order');
}

/** Replaces every finding with `[TYPE]`. Offsets in `findings` refer to the original text. */
export function redactPII(text: string): RedactionResult {
  // TODO (DoD-5): `findings = findPII(text)`; build the redacted text by copying the text between
  // findings and writing `[TYPE]` in place of each one. Offsets stay those of the ORIGINAL text.
  void text;
  throw new Error('TODO: redactPII — replace every finding with [TYPE]');
}
