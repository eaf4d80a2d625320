/**
 * PII redaction for audit entries, so the audit log never becomes a second copy of customer data.
 * Given code: the same in the starter and the solution.
 *
 * It uses the workshop's one PII detector, `@workshop/pii` (packages/pii), built and measured in
 * lab 06 (safety): e-mail addresses, phone numbers, payment cards (Luhn-checked), IBANs (mod-97),
 * US social security numbers and IPv4 addresses become `[EMAIL]`, `[PHONE]`, `[CREDIT_CARD]`,
 * `[IBAN]`, `[US_SSN]` and `[IP_ADDRESS]`. Numbers that fail their checksum, dates and order
 * numbers stay, so the log is still readable.
 */
import { redactPII as redactText } from '@workshop/pii';

/** `text` with every PII span replaced by its `[TYPE]` placeholder. */
export function redactPII(text: string): string {
  // The log keeps only the redacted text: where the PII was is itself a hint worth not recording.
  return redactText(text).text;
}

/** Redact every string inside a JSON-like value (object keys are kept: they are field names, not data). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactPII(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, redactDeep(field)])) as T;
  }
  return value;
}
