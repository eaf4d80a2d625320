import { createHash } from 'node:crypto';

/** Which prompt version a user gets during a rollout. */
export type Arm = 'baseline' | 'canary';

/** Number of buckets; a percentage ramp moves in steps of one bucket. */
export const BUCKETS = 100;

/**
 * The user's bucket for one prompt, 0–99: the first 32 bits of SHA-256 over
 * `promptId \0 userId`, modulo 100. Deterministic (no state, same answer after a restart and
 * on every server), uniform (a cryptographic hash has no structure for user-id patterns such
 * as sequential numbers to exploit; the modulo bias of 2^32 mod 100 is under 3e-8), and
 * independent per prompt (the prompt id is in the hash, so the same 10% of users do not
 * get every experiment first).
 */
export function bucketOf(userId: string, promptId: string): number {
  if (userId === '') throw new Error('bucketOf: userId must not be empty');
  const digest = createHash('sha256').update(`${promptId}\u0000${userId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/**
 * The arm of a bucket at a ramp percentage: buckets below `percent` get the canary. Because the
 * threshold only grows as the ramp goes up, a user on the canary at 10% stays on it at 50%.
 */
export function armFor(bucket: number, percent: number): Arm {
  return bucket < percent ? 'canary' : 'baseline';
}
