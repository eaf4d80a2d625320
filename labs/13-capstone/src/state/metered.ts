/**
 * Every failed store operation is counted (`capstone_state_errors_total{operation}`) and flips
 * the `capstone_state_available` gauge to 0 until an operation succeeds again: the flag and the
 * metric of a degraded shared state, recorded in one place whatever the caller then does (refuse
 * a question, or carry on without the cache).
 */
import type { Counter } from 'prom-client';
import type { Counted, StateStore } from './store.ts';

export class MeteredStateStore implements StateStore {
  readonly #inner: StateStore;
  readonly #errors: Counter<'operation'>;
  #available = true;

  constructor(inner: StateStore, errors: Counter<'operation'>) {
    this.#inner = inner;
    this.#errors = errors;
  }

  get kind(): StateStore['kind'] {
    return this.#inner.kind;
  }

  /** False after a failed operation, until one succeeds. */
  get available(): boolean {
    return this.#available;
  }

  get(key: string): Promise<string | undefined> {
    return this.#run('get', () => this.#inner.get(key));
  }

  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean> {
    return this.#run('set', () => this.#inner.set(key, value, ttlMs, onlyIfAbsent));
  }

  delete(key: string): Promise<void> {
    return this.#run('delete', () => this.#inner.delete(key));
  }

  increment(key: string, delta: number, ttlMs: number, limit?: number): Promise<Counted> {
    return this.#run('increment', () => this.#inner.increment(key, delta, ttlMs, limit));
  }

  mark(key: string, member: string, score: number, ttlMs: number): Promise<void> {
    return this.#run('mark', () => this.#inner.mark(key, member, score, ttlMs));
  }

  countSince(key: string, min: number, dropBelow?: number): Promise<number> {
    return this.#run('countSince', () => this.#inner.countSince(key, min, dropBelow));
  }

  ping(): Promise<void> {
    return this.#run('ping', () => this.#inner.ping());
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.#available = true;
      return result;
    } catch (error) {
      this.#available = false;
      this.#errors.inc({ operation });
      throw error;
    }
  }
}
