/**
 * The state of one process, bounded: at most `maxKeys` keys (least recently used first out) and
 * `maxMembers` members per sorted set (lowest scores first out), each key with its TTL. The
 * embedded default, and what the cluster primary serves to its workers over IPC.
 * Given code: the same file in the starter and the solution.
 */
import { LRUCache } from 'lru-cache';
import type { Counted, StateStore } from './store.ts';

/** Options of `MemoryStateStore`. */
export interface MemoryStateOptions {
  /** Keys kept at most; the least recently used goes first. Default 100,000. */
  maxKeys?: number;
  /** Members kept per sorted set; the lowest scores go first. Default 100,000. */
  maxMembers?: number;
  /** Clock of the TTLs, in ms (monotonic). Default `performance.now`. */
  now?: () => number;
}

type Entry = { value: string } | { count: number } | { members: Map<string, number> };

export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  readonly #entries: LRUCache<string, Entry>;
  readonly #maxMembers: number;

  constructor(options: MemoryStateOptions = {}) {
    const now = options.now ?? (() => performance.now());
    this.#entries = new LRUCache<string, Entry>({ max: options.maxKeys ?? 100_000, perf: { now }, ttlResolution: 0 });
    this.#maxMembers = options.maxMembers ?? 100_000;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // A counter reads as its decimal string, as Redis answers GET on an INCRBY key.
    if ('value' in entry) return entry.value;
    return 'count' in entry ? String(entry.count) : undefined;
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    if (onlyIfAbsent && this.#entries.has(key)) return false;
    this.#entries.set(key, { value }, { ttl: ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async increment(key: string, delta: number, ttlMs: number, limit?: number): Promise<Counted> {
    const entry = this.#entries.get(key);
    const current = entry && 'count' in entry ? entry.count : 0;
    const remaining = entry ? this.#entries.getRemainingTTL(key) : ttlMs;
    if (limit !== undefined && delta > 0 && current + delta > limit) {
      return { ok: false, value: current, ttlMs: remaining };
    }
    const value = current + delta;
    // An existing counter keeps its expiry: a window or a day does not restart with each addition.
    if (entry) this.#entries.set(key, { count: value }, { noUpdateTTL: true });
    else this.#entries.set(key, { count: value }, { ttl: ttlMs });
    return { ok: true, value, ttlMs: remaining };
  }

  async mark(key: string, member: string, score: number, ttlMs: number): Promise<void> {
    const entry = this.#entries.get(key);
    const members = entry && 'members' in entry ? entry.members : new Map<string, number>();
    members.set(member, score);
    if (members.size > this.#maxMembers) {
      // Drop the lowest tenth in one pass, so a flood of new members costs O(1) each on average.
      const keep = Math.floor(this.#maxMembers * 0.9);
      const byScore = [...members].sort((a, b) => a[1] - b[1]);
      for (const [name] of byScore.slice(0, byScore.length - keep)) members.delete(name);
    }
    this.#entries.set(key, { members }, { ttl: ttlMs });
  }

  async countSince(key: string, min: number, dropBelow?: number): Promise<number> {
    const entry = this.#entries.get(key);
    if (!entry || !('members' in entry)) return 0;
    let count = 0;
    for (const [member, score] of entry.members) {
      if (dropBelow !== undefined && score < dropBelow) entry.members.delete(member);
      else if (score >= min) count += 1;
    }
    return count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
