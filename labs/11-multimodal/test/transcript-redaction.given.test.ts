import { redactPII } from '@lab/redact.ts';
import { describe, expect, it } from 'vitest';

// Given code (not a checkpoint): runs in the lab's `pnpm test` against the solution.
describe('transcript redaction (given)', () => {
  it('redacts emails, card numbers and phone numbers from a transcript, and leaves other numbers alone', () => {
    const text =
      'Reach me at ada.lovelace@example.org or on +44 20 7946 0958. My card is 4111 1111 1111 1111. ' +
      'Order 1234 5678 9012 3456 shipped in 2024 for 49.99 euros.';
    const result = redactPII(text);
    expect(result.text).toBe(
      'Reach me at [EMAIL] or on [PHONE]. My card is [CREDIT_CARD]. Order 1234 5678 9012 3456 shipped in 2024 for 49.99 euros.',
    );
    expect(result.findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'ada.lovelace@example.org'],
      ['PHONE', '+44 20 7946 0958'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
    ]);
    expect(redactPII('call 555-0134-2222 today').text).toBe('call [PHONE] today');
    expect(redactPII('nothing to hide here').findings).toEqual([]);
  });
});
