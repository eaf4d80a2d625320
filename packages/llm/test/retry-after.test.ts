import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../src/providers/shared/abort.ts';

describe('parseRetryAfterMs', () => {
  const now = () => Date.parse('2025-01-01T00:00:00Z');
  it('reads retry-after-ms, retry-after seconds and retry-after HTTP dates', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250.4' }), now)).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
  });
  it('returns undefined when absent or unreadable, and never a negative delay', () => {
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
  });
});
