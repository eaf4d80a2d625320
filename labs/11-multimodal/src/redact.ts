/**
 * PII redaction for transcripts: people spell out their e-mail, read card numbers, give phone
 * numbers. Given code: the same in the starter and the solution.
 *
 * It is the workshop's one PII detector, `@workshop/pii` (packages/pii), built and measured in lab
 * 06 (safety): candidates by pattern, validated (Luhn for cards, mod 97 for IBANs, digit counts for
 * phones), overlaps resolved by type priority, replaced by `[TYPE]` — for e-mail, phone, card, IBAN,
 * US SSN and IPv4. `findings` keep the offsets of the ORIGINAL text.
 */
export { type PiiFinding, type PiiType, type RedactionResult, redactPII } from '@workshop/pii';
