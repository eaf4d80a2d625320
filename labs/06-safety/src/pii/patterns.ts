/**
 * Candidate patterns per PII type. Given code: they live in packages/pii (`@workshop/pii`), the one
 * PII detector that labs 07, 10, 11 and the capstone use too; read packages/pii/src/patterns.ts.
 */
export { DATE_LIKE, NOT_A_PHONE_BEFORE, PATTERNS, PHONE_LABEL_AFTER } from '@workshop/pii';
