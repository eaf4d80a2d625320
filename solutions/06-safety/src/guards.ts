/**
 * The guards this lab implements, by id. The threat model's mitigations point at these ids, and
 * the coverage check verifies that each id exists and that its module is on disk — a mitigation
 * that names no code is a wish, not a control. Given code: identical in the starter.
 */
export const GUARDS = {
  'input-guard': {
    module: 'injection/detector.ts',
    description:
      'Known attack phrasings + hashed n-gram logistic regression at a cost-chosen operating point (detectInjection).',
  },
  spotlight: {
    module: 'spotlight.ts',
    description: 'Untrusted content (retrieved documents, tool output) is delimited and marked as data.',
  },
  'pii-redactor': {
    module: 'pii/redact.ts',
    description: 'Output guard: finds and redacts e-mail, phone, card (Luhn), IBAN (mod 97), SSN, IP.',
  },
  canary: {
    module: 'canary.ts',
    description: 'A secret token in the system prompt; seeing it in an answer proves prompt leakage.',
  },
  'escalation-policy': {
    module: 'escalation.ts',
    description: 'Allow / block / redact / escalate with a reason; applied, logged and queued by policy.ts.',
  },
  'transcript-log': {
    module: 'pii/transcript.ts',
    description: 'Stored transcripts: PII pseudonymised per conversation, IPs linkable only with the service key.',
  },
} as const;

/** The id of a guard in `GUARDS`. */
export type GuardId = keyof typeof GUARDS;
