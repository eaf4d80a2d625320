/**
 * `@workshop/pii` — the one PII detector and redactor of the workshop: EMAIL, PHONE, CREDIT_CARD
 * (Luhn), IBAN (mod 97), US_SSN and IP_ADDRESS, measured span by span in lab 06 (safety). Labs 06,
 * 07, 10, 11 and the capstone all use it, so a fix or a new rule reaches every one of them.
 */
export { ibanValid, luhnValid } from './checksums.ts';
export { DATE_LIKE, NOT_A_PHONE_BEFORE, PATTERNS, PHONE_LABEL_AFTER } from './patterns.ts';
export { findPII, isValidCandidate, PRIORITY, redactPII } from './redact.ts';
export { PII_TYPES, type PiiFinding, type PiiType, type RedactionResult } from './types.ts';
