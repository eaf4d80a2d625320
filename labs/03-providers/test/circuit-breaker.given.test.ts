import { CircuitBreaker } from '@lab/circuit-breaker.ts';
import { FakeClock } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

describe('a circuit breaker per provider: closed → open → half-open → closed', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, clock });
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.consecutiveFailures).toBe(3);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('turns half-open after the cool-down, lets ONE trial through, and closes when it succeeds', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 10_000, clock });
    breaker.recordFailure();
    clock.advance(9_999);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // the trial is in flight: everyone else waits
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('re-opens for a full cool-down when the half-open trial fails', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 1_000, clock });
    for (let i = 0; i < 5; i++) breaker.recordFailure();
    clock.advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure(); // one failure is enough in half-open
    expect(breaker.state).toBe('open');
    clock.advance(999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('a call that says nothing about health (caller abort, invalid request) frees the trial slot without closing', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, clock });
    breaker.recordFailure();
    clock.advance(100);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordNeutral();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true); // the next caller may run the trial
  });
});
