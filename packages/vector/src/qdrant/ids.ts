/**
 * Qdrant accepts only unsigned integers and UUIDs as point ids. Numbers pass through;
 * a string id becomes a deterministic UUID (v5-style: SHA-1 of a namespace and the id),
 * so re-upserting the same string id overwrites the same point. The original string is
 * kept in the payload under `__id` and restored on read.
 */
import { createHash } from 'node:crypto';
import type { Payload, PointId } from '../spec.ts';
import { RESERVED_PAYLOAD_KEY } from '../validate.ts';

/** Namespace of this package's id UUIDs; changing it would orphan every stored string id. */
const NAMESPACE = Buffer.from('8d0b1c5e4f6a4b7c9e2d3f1a0b9c8d7e', 'hex');

/** The Qdrant id for a caller's id. */
export function toQdrantId(id: PointId): string | number {
  if (typeof id === 'number') return id;
  const hash = createHash('sha1').update(NAMESPACE).update(id, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The payload to send: the caller's payload plus the original string id. */
export function toQdrantPayload(id: PointId, payload: Payload | undefined): Payload {
  return typeof id === 'string' ? { ...payload, [RESERVED_PAYLOAD_KEY]: id } : { ...payload };
}

/** The caller's id and payload back from a Qdrant record. */
export function fromQdrantRecord(record: { id: string | number; payload?: unknown }): {
  id: PointId;
  payload: Payload;
} {
  const stored = (record.payload ?? {}) as Payload;
  const { [RESERVED_PAYLOAD_KEY]: original, ...payload } = stored;
  return { id: typeof original === 'string' ? original : record.id, payload };
}
