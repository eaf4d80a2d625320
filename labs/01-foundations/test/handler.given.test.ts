import { InvalidRequestError } from '@lab/errors.ts';
import { MAX_REQUEST_CHARS, validateRequest } from '@lab/handler.ts';
import { describe, expect, it } from 'vitest';

describe('given validateRequest: one clear line for a request nobody should pay for', () => {
  it('refuses empty and whitespace-only text', () => {
    expect(() => validateRequest('')).toThrow(InvalidRequestError);
    expect(() => validateRequest(' \n\t ')).toThrow(/request text is empty/);
  });

  it('refuses text over the limit, naming its length and the limit', () => {
    expect(() => validateRequest('x'.repeat(MAX_REQUEST_CHARS + 1))).toThrow(/too long: 4001 characters \(max 4000\)/);
    expect(() => validateRequest('x'.repeat(MAX_REQUEST_CHARS))).not.toThrow();
  });
});
