import { chunkDocuments } from '@lab/chunk.ts';
import { loadHandbook } from '@lab/corpus.ts';
import { chunkId } from '@lab/ids.ts';
import { createKnowledgeBase } from '@lab/knowledge-base.ts';
import { useMockNetwork } from '@workshop/testkit';
import { createMemoryVectorStore, createQdrantVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { countingEmbedder } from './support.ts';

const network = useMockNetwork();
const handbook = loadHandbook();

/** The handbook with one sentence of the refund policy changed. */
function editedHandbook() {
  return handbook.map((d) =>
    d.source === 'returns-and-refunds.md'
      ? { ...d, text: d.text.replace('within 30 days of delivery', 'within 45 days of delivery') }
      : d,
  );
}

describe('DoD-2 stable chunk ids', () => {
  it('derives the id from source, heading path and text: same input, same id; any change, another id', () => {
    const id = chunkId('a.md', ['A', 'B'], 'Some text.');
    expect(chunkId('a.md', ['A', 'B'], 'Some text.')).toBe(id);
    expect(chunkId('b.md', ['A', 'B'], 'Some text.')).not.toBe(id);
    expect(chunkId('a.md', ['A', 'C'], 'Some text.')).not.toBe(id);
    expect(chunkId('a.md', ['A', 'B'], 'Some text!')).not.toBe(id);
    expect(chunkId('a.md', ['A B'], 'Some text.')).not.toBe(chunkId('a.md', ['A', 'B'], 'Some text.'));
  });

  it('gives every chunk of the handbook a unique id, identical on every run', () => {
    const first = chunkDocuments(handbook).map((c) => c.id);
    expect(new Set(first).size).toBe(first.length);
    expect(chunkDocuments(handbook).map((c) => c.id)).toEqual(first);
  });

  it('changes only the ids of the edited section when one sentence changes', () => {
    const before = chunkDocuments(handbook);
    const after = chunkDocuments(editedHandbook());
    const beforeIds = new Set(before.map((c) => c.id));
    const changed = after.filter((c) => !beforeIds.has(c.id));
    expect(changed).toHaveLength(1);
    expect(changed[0]?.headingPath).toEqual(['Returns and refunds', 'Refund window']);
  });
});

describe('DoD-2 idempotent re-indexing', () => {
  it('re-indexing the same documents embeds nothing and duplicates nothing', async () => {
    const store = createMemoryVectorStore();
    const embedder = countingEmbedder();
    const kb = createKnowledgeBase({ store, embedder });
    const first = await kb.index(handbook);
    const chunks = chunkDocuments(handbook).length;
    expect(first).toEqual({ chunks, embedded: chunks, unchanged: 0, deleted: 0 });
    const embeddedOnce = embedder.embedded.length;

    const second = await kb.index(handbook);
    expect(second).toEqual({ chunks, embedded: 0, unchanged: chunks, deleted: 0 });
    expect(embedder.embedded.length).toBe(embeddedOnce);
    expect(await store.count(kb.collection)).toBe(chunks);
    expect(kb.chunks()).toHaveLength(chunks);
  });

  it('re-indexing an edited document embeds the changed chunk and removes the stale one', async () => {
    const store = createMemoryVectorStore();
    const embedder = countingEmbedder();
    const kb = createKnowledgeBase({ store, embedder });
    await kb.index(handbook);
    embedder.embedded.length = 0;

    const report = await kb.index(editedHandbook());
    expect(report).toMatchObject({ embedded: 1, deleted: 1 });
    expect(embedder.embedded).toHaveLength(1);
    expect(embedder.embedded[0]).toContain('45 days');
    expect(await store.count(kb.collection)).toBe(chunkDocuments(handbook).length);
    const hits = await kb.search('How many days after delivery can a customer return an item?', { topK: 5 });
    const texts = hits.map((h) => h.chunk.text).join('\n');
    expect(texts).toContain('within 45 days of delivery');
    expect(texts).not.toContain('within 30 days of delivery');
  });

  it('does the same on Qdrant (the real client against testkit), also from a fresh process', async () => {
    const store = createQdrantVectorStore({ url: network.qdrant.baseURL });
    const embedder = countingEmbedder();
    const chunks = chunkDocuments(handbook).length;
    const kb = createKnowledgeBase({ store, embedder });
    await kb.index(handbook);
    await kb.index(handbook);
    expect(await store.count(kb.collection)).toBe(chunks);
    expect(network.qdrant.collectionNames()).toContain(kb.collection);

    // A new knowledge base on the same persistent store: everything is already there.
    const restarted = createKnowledgeBase({ store, embedder: countingEmbedder() });
    expect(await restarted.index(handbook)).toEqual({ chunks, embedded: 0, unchanged: chunks, deleted: 0 });
    const hits = await restarted.search('What is the minimum password length?', { topK: 3 });
    expect(hits[0]?.chunk.headingPath).toEqual(['IT security', 'Passwords']);
  });
});
