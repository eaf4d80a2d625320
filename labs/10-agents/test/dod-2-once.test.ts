import { MemoryIdempotencyStore } from '@lab/idempotency.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** An effect that counts its runs and takes `ticks` turns of the event loop (other callers interleave). */
function countedEffect(ticks: number, content = 'sent') {
  const effect = {
    runs: 0,
    async run(): Promise<string> {
      effect.runs += 1;
      for (let i = 0; i < ticks; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      return `${content} #${effect.runs}`;
    },
  };
  return effect;
}

describe('DoD-2 a side effect runs once per key, even when retries arrive at the same time', () => {
  it('runs the effect once for concurrent retries, and every caller gets its one result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        async (callers, delays, ticks) => {
          const store = new MemoryIdempotencyStore();
          const effect = countedEffect(ticks);
          // Retries of one call, arriving a few ticks apart while the first is still running.
          const results = await Promise.all(
            Array.from({ length: callers }, async (_, i) => {
              for (let d = 0; d < (delays[i] ?? 0); d++) await Promise.resolve();
              return store.once('refund_order:abc', () => effect.run());
            }),
          );
          expect(effect.runs).toBe(1);
          expect(new Set(results.map((r) => r.content))).toEqual(new Set(['sent #1']));
          expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers a later retry from the record, without running the effect again', async () => {
    const store = new MemoryIdempotencyStore();
    const effect = countedEffect(1);
    const first = await store.once('send_receipt:k', () => effect.run());
    const again = await store.once('send_receipt:k', () => effect.run());
    expect(effect.runs).toBe(1);
    expect(first).toEqual({ content: 'sent #1', replayed: false });
    expect(again).toEqual({ content: 'sent #1', replayed: true });
  });

  it('runs different keys independently, also at the same time', async () => {
    const store = new MemoryIdempotencyStore();
    const a = countedEffect(2, 'a');
    const b = countedEffect(2, 'b');
    const [ra, rb] = await Promise.all([store.once('k:a', () => a.run()), store.once('k:b', () => b.run())]);
    expect([a.runs, b.runs]).toEqual([1, 1]);
    expect([ra.content, rb.content]).toEqual(['a #1', 'b #1']);
  });

  it('leaves nothing behind when the effect fails: the callers waiting on it see the failure, a later retry runs it', async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    const failing = async () => {
      runs += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
      throw new Error('payment service unavailable');
    };
    const settled = await Promise.allSettled([store.once('k', failing), store.once('k', failing)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    const retry = await store.once('k', async () => 'refunded');
    expect(retry).toEqual({ content: 'refunded', replayed: false });
  });
});
