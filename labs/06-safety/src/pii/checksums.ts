/**
 * Luhn and mod-97: the reference implementation of this lab's exercise now lives in packages/pii
 * (`@workshop/pii`), the one PII detector that labs 07, 10, 11 and the capstone use too.
 */
export { ibanValid, luhnValid } from '@workshop/pii';
