import { describe, expect, it } from 'vitest';
import { createVectorStore } from '../src/factory.ts';

describe('createVectorStore(env)', () => {
  it('defaults to the embedded memory store', () => {
    expect(createVectorStore({}).provider).toBe('memory');
  });

  it('selects Qdrant when QDRANT_URL is set or VECTOR_STORE=qdrant', () => {
    expect(createVectorStore({ QDRANT_URL: 'http://qdrant.internal:6333' }).provider).toBe('qdrant');
    expect(createVectorStore({ VECTOR_STORE: 'qdrant' }).provider).toBe('qdrant');
    expect(createVectorStore({ QDRANT_URL: 'https://x.cloud.qdrant.io', QDRANT_API_KEY: 'k' }).provider).toBe('qdrant');
  });

  it('VECTOR_STORE=memory wins over a QDRANT_URL left in the environment', () => {
    expect(createVectorStore({ VECTOR_STORE: 'memory', QDRANT_URL: 'http://127.0.0.1:6333' }).provider).toBe('memory');
  });

  it('names the variable when it is wrong', () => {
    expect(() => createVectorStore({ QDRANT_URL: 'localhost:6333' })).toThrow(
      /^QDRANT_URL="localhost:6333" is not a valid http\(s\) URL/,
    );
    expect(() => createVectorStore({ VECTOR_STORE: 'pinecone' })).toThrow(
      /^VECTOR_STORE="pinecone" is not supported: use memory or qdrant$/,
    );
    expect(() => createVectorStore({ QDRANT_URL: 'http://q:6333', QDRANT_TIMEOUT_MS: 'soon' })).toThrow(
      /^QDRANT_TIMEOUT_MS="soon"/,
    );
  });
});
