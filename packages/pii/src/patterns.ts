/**
 * Candidate patterns per PII type. A match is only a candidate: `redact.ts` validates it (check
 * digits, digit counts, not-a-date) before it counts.
 *
 * Boundaries are lookarounds, not `\b`, so that "tel:+41…" or "(579)888-3058" start where they
 * should and a card number is never cut out of a longer digit run.
 */
import type { PiiType } from './types.ts';

/** The candidate pattern of every type (global, so `matchAll` walks the text). */
export const PATTERNS: Record<PiiType, RegExp> = {
  EMAIL:
    /(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w-])/g,
  // IBAN: two letters, two check digits, 11–30 alphanumerics, compact or in groups of four.
  IBAN: /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?)(?![A-Za-z0-9])/g,
  // Cards: 12–19 digits, optionally in groups separated by single spaces or dashes.
  CREDIT_CARD: /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-]|\.\d)/g,
  // SSN: 3-2-4 digits with dashes (area 000, 666 and 9xx, group 00, serial 0000 are never issued).
  US_SSN: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
  // IPv4: four octets 0–255; not part of a longer dotted number (a version string, an OID).
  IP_ADDRESS: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)/g,
  // Phones: optional +country, optional (area), then digit groups joined by one space, dash or dot,
  // optional extension. International formats vary too much for one strict grammar, so this is
  // permissive and `redact.ts` filters by digit count and rejects dates.
  PHONE:
    /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,12}(?:[ .-]\(?\d{1,10}\)?|\(\d{1,4}\)\d{1,10}){0,6}(?:[ ]?(?:x|ext\.?)[ ]?\d{1,6})?(?!\w|[.-]\d)/g,
};

/**
 * Words right before a number that say it is something else (a licence, an order, a postcode).
 * Checked on the ~25 characters before a phone candidate.
 */
export const NOT_A_PHONE_BEFORE =
  /\b(?:licen[cs]e|passport|order|invoice|account|zip|postal|post code|postcode|plz|apt|suite|unit|box)\b[^\n\d]{0,12}$/i;

/** Labels that may follow a phone number ("416 60 039 office", "…-Fax"). */
export const PHONE_LABEL_AFTER = /^[ -]?(?:office|fax|mobile|cell|home|work|desk|tel|phone)\b/i;

/** Dates and times that the phone pattern would otherwise take for numbers: 2021-04-16, 16.04.2021, 04/16/2021. */
export const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?:[ T]\d{1,2})?$/;
