/**
 * The PII finding types. Given code: they live in packages/pii (`@workshop/pii`), the one PII
 * detector that labs 07, 10, 11 and the capstone use too; read packages/pii/src/types.ts.
 */
export { PII_TYPES, type PiiFinding, type PiiType, type RedactionResult } from '@workshop/pii';
