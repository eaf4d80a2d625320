/**
 * Pick a vector store from the environment. The embedded memory store is the default;
 * Qdrant is the same code with variables set:
 * - `VECTOR_STORE`: `memory` (default) or `qdrant`.
 * - `QDRANT_URL`: Qdrant's REST URL, e.g. `http://127.0.0.1:6333`; setting it selects Qdrant
 *   unless `VECTOR_STORE=memory`. With `VECTOR_STORE=qdrant` and no URL, `http://127.0.0.1:6333`.
 * - `QDRANT_API_KEY`: optional API key (Qdrant Cloud).
 * - `QDRANT_TIMEOUT_MS`: optional per-request timeout in ms (default 30000).
 */
import { VectorStoreError } from './errors.ts';
import { createMemoryVectorStore } from './memory/store.ts';
import { createQdrantVectorStore } from './qdrant/store.ts';
import type { VectorStore } from './spec.ts';

/** Qdrant's default local address (what `compose.yaml` publishes). */
export const DEFAULT_QDRANT_URL = 'http://127.0.0.1:6333';

type Env = Record<string, string | undefined>;

const set = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** Create the store the environment asks for. Config mistakes throw one line naming the variable. */
export function createVectorStore(env: Env = process.env): VectorStore {
  const kind = set(env.VECTOR_STORE)?.toLowerCase();
  const url = set(env.QDRANT_URL);
  if (kind !== undefined && kind !== 'memory' && kind !== 'qdrant') {
    throw new VectorStoreError(
      'invalid_request',
      `VECTOR_STORE=${JSON.stringify(env.VECTOR_STORE)} is not supported: use memory or qdrant`,
    );
  }
  if (kind === 'memory' || (kind === undefined && url === undefined)) return createMemoryVectorStore();

  const target = url ?? DEFAULT_QDRANT_URL;
  if (!/^https?:\/\/[^/\s]+/.test(target) || !URL.canParse(target)) {
    throw new VectorStoreError(
      'invalid_request',
      `QDRANT_URL=${JSON.stringify(target)} is not a valid http(s) URL (e.g. ${DEFAULT_QDRANT_URL})`,
    );
  }
  const timeoutText = set(env.QDRANT_TIMEOUT_MS);
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new VectorStoreError(
      'invalid_request',
      `QDRANT_TIMEOUT_MS=${JSON.stringify(timeoutText)} must be a positive number of milliseconds`,
    );
  }
  return createQdrantVectorStore({ url: target, apiKey: set(env.QDRANT_API_KEY), timeoutMs });
}
