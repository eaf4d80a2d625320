export { isVectorStoreError, VectorStoreError, type VectorStoreErrorCode } from './errors.ts';
export { createVectorStore, DEFAULT_QDRANT_URL } from './factory.ts';
export { createMemoryVectorStore } from './memory/store.ts';
export { createQdrantVectorStore, type QdrantStoreOptions } from './qdrant/store.ts';
export type * from './spec.ts';
