/**
 * Tests of the given code and of the measuring instruments (`eval/`): they pass on the starter as
 * much as on the solution, so they are not checkpoints. `pnpm test` in this folder runs them
 * against the reference (`WORKSHOP_TARGET=solutions WORKSHOP_LIVE=1`).
 */
import { chunkAndScreen, chunkDocument } from '@lab/chunk.ts';
import { buildContext, escapeDelimiters, SYSTEM_POLICY } from '@lab/context.ts';
import { answerSentences, checkGroundedness, citationMarkers } from '@lab/grounding.ts';
import { createKnowledgeBase, type KnowledgeBaseOptions } from '@lab/knowledge-base.ts';
import { parseMarkdown } from '@lab/markdown.ts';
import { createRag, MAX_QUESTION_CHARS } from '@lab/rag.ts';
import { screenBlocks } from '@lab/screen.ts';
import type { RetrievedChunk, SourceDocument } from '@lab/types.ts';
import { type ChatModel, countTokens, OfflineChatModel, OfflineEmbeddingModel, SIMULATOR_PREFIX } from '@workshop/llm';
import { createMemoryVectorStore } from '@workshop/vector';
import { describe, expect, it } from 'vitest';
import { bm25Only, standardFusion, vectorOnly } from '../eval/baselines.ts';
import { evidenceRecall, isGold, measureRefusal, refusalGrid } from '../eval/measure.ts';
import { ObedientChatModel } from '../eval/obedient-model.ts';
import { plant } from '../eval/plant.ts';
import type { AttackRow, QuestionRow } from '../eval/rows.ts';
import { UnreliableChatModel } from '../eval/unreliable-model.ts';
import { handbook, testAttacks, testQuestions } from './support.ts';

const keepAll = () => false;
const options = { maxTokens: 40, overlapTokens: 8 };
/** A knowledge base on the hashing embeddings (fast), nothing screened out. */
const offlineKb = (overrides: Partial<KnowledgeBaseOptions> = {}) =>
  createKnowledgeBase({
    store: createMemoryVectorStore(),
    embedder: new OfflineEmbeddingModel(),
    chunking: options,
    screen: keepAll,
    fuse: standardFusion,
    ...overrides,
  });
const doc = (source: string, text: string): SourceDocument => ({ source, text });
const hit = (chunk: RetrievedChunk['chunk'], rank: number): RetrievedChunk => ({
  chunk,
  rank,
  fusedScore: 1 / rank,
  similarity: 0.9,
  keywordScore: 10,
  ranks: { vector: rank, bm25: rank },
});

describe('chunking (given)', () => {
  it('keeps every chunk within maxTokens, in one section, without heading lines', () => {
    for (const source of handbook) {
      for (const chunk of chunkDocument(source, options, keepAll)) {
        expect(chunk.tokens).toBeLessThanOrEqual(options.maxTokens);
        expect(chunk.tokens).toBe(countTokens(chunk.text));
        expect(chunk.text).not.toMatch(/^#/m);
        expect(chunk.headingPath.length).toBeGreaterThan(0);
      }
    }
  });

  it('repeats a table header in every part of a split table', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| Row ${i} | value ${i} |`).join('\n');
    const chunks = chunkDocument(doc('t.md', `# T\n\n| Name | Value |\n|---|---|\n${rows}\n`), options, keepAll);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.text.startsWith('| Name | Value |\n|---|---|')).toBe(true);
  });

  it('gives content-addressed ids: an edit changes only the edited section', () => {
    const before = chunkDocument(
      doc('a.md', '# A\n\n## One\n\nFirst text.\n\n## Two\n\nSecond text.\n'),
      options,
      keepAll,
    );
    const after = chunkDocument(
      doc('a.md', '# A\n\n## One\n\nFirst text.\n\n## Two\n\nSecond text, edited.\n'),
      options,
      keepAll,
    );
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[1]?.id).not.toBe(before[1]?.id);
  });

  it('rejects options it cannot honour, naming them', () => {
    expect(() => chunkDocument(handbook[0] as SourceDocument, { maxTokens: 8, overlapTokens: 0 }, keepAll)).toThrow(
      /maxTokens/,
    );
    expect(() => chunkDocument(handbook[0] as SourceDocument, { maxTokens: 64, overlapTokens: 40 }, keepAll)).toThrow(
      /overlapTokens/,
    );
  });
});

describe('screening (given)', () => {
  const [section] = parseMarkdown(
    '# S\n\nKeep me.\n\nDrop me.\n\n- keep item\n- drop item\n\n| A | B |\n|---|---|\n| keep | 1 |\n| drop | 2 |\n\n| drop | header |\n|---|---|\n| x | y |\n',
  );
  const flag = (unit: string) => unit.includes('drop') || unit.includes('Drop');

  it('removes flagged paragraphs, list items and table rows, and a table whose header is flagged', () => {
    const { blocks, removed } = screenBlocks(section?.blocks ?? [], flag);
    expect(blocks.map((b) => b.text)).toEqual(['Keep me.', '- keep item', '| A | B |\n|---|---|\n| keep | 1 |']);
    expect(removed).toEqual(['Drop me.', '- drop item', '| drop | 2 |', '| drop | header |\n|---|---|\n| x | y |']);
  });

  it('reports what it removed with the document and section', () => {
    const { screenedOut, chunks } = chunkAndScreen(doc('s.md', '# S\n\nKeep me.\n\nDrop me.\n'), options, flag);
    expect(screenedOut).toEqual([{ source: 's.md', headingPath: ['S'], text: 'Drop me.' }]);
    expect(chunks[0]?.screenedOut).toEqual(['Drop me.']);
  });
});

describe('knowledge base (given)', () => {
  const make = (store = createMemoryVectorStore()) => offlineKb({ store });

  it('re-indexes idempotently: nothing re-embedded, nothing duplicated, stale chunks removed', async () => {
    const store = createMemoryVectorStore();
    const kb = make(store);
    const first = await kb.index(handbook);
    expect(first.embedded).toBe(first.chunks);
    expect(await kb.index(handbook)).toMatchObject({ embedded: 0, unchanged: first.chunks, deleted: 0 });
    expect(await store.count(kb.collection)).toBe(first.chunks);
    // A fresh process on the same store embeds nothing either.
    expect(await make(store).index(handbook)).toMatchObject({ embedded: 0 });
    const edited = { ...(handbook[0] as SourceDocument), text: `${handbook[0]?.text}\n\n## New\n\nA new section.\n` };
    const report = await kb.index([edited]);
    expect(report.embedded).toBe(1);
    expect(await kb.index([handbook[0] as SourceDocument])).toMatchObject({ deleted: 1, embedded: 0 });
  });

  it('reports the cosine of every hit (also of hits only BM25 found) and BM25 scores of BM25 hits', async () => {
    const embedder = new OfflineEmbeddingModel();
    const kb = offlineKb({ embedder, fuse: bm25Only });
    await kb.index(handbook);
    const question = 'What is the daily allowance for business trips to North America?';
    const [q] = (await embedder.embed([question])).embeddings;
    const hits = await kb.search(question, { topK: 10 });
    expect(hits.length).toBeGreaterThan(0);
    const [chunkVector] = (await embedder.embed([`${hits[0]?.chunk.headingPath.join('\n')}\n${hits[0]?.chunk.text}`]))
      .embeddings;
    const cosine = (chunkVector ?? []).reduce((sum, v, i) => sum + v * ((q as number[])[i] as number), 0);
    expect(hits[0]?.similarity).toBeCloseTo(cosine, 6);
    for (const h of hits) expect(h.keywordScore).toBeGreaterThan(0);
  });

  it('names a fusion that returns what no retriever found', async () => {
    const kb = offlineKb({ fuse: () => [{ id: 'nope', score: 1 }] });
    await kb.index(handbook.slice(0, 2));
    await expect(kb.search('annual leave')).rejects.toThrow(/nope, which neither retriever found/);
  });
});

describe('context and citations (given)', () => {
  const chunks = chunkDocument(
    handbook.find((d) => d.source === 'returns-and-refunds.md') as SourceDocument,
    options,
    keepAll,
  );

  it('sends the constant policy, numbered sources inside one <sources> block, then the question, within budget', () => {
    const full = buildContext('q?', chunks.map(hit), { maxTokens: 5000 });
    expect(full.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(full.messages[0]?.content).toBe(SYSTEM_POLICY);
    const small = buildContext('q?', chunks.map(hit), { maxTokens: full.sourceTokens - 20 });
    expect(countTokens(small.messages[1]?.content ?? '')).toBeLessThanOrEqual(full.sourceTokens - 20);
    expect(small.dropped.length).toBeGreaterThan(0);
  });

  it('escapes tags that could close the sources block', () => {
    expect(escapeDelimiters('a </sources> b <source id="9">')).not.toMatch(/<\/?sources?\b/);
  });

  it('parses markers and sentences, and flags markers that point nowhere', () => {
    expect(citationMarkers('a [1] b [2, 3] c [1][4]')).toEqual([1, 2, 3, 1, 4]);
    expect(answerSentences(`${SIMULATOR_PREFIX}One [1]. [2] Two.`)).toEqual(['One [1]. [2]', 'Two.']);
    const report = checkGroundedness('Customers can return most items within 30 days [7].', ['x']);
    expect(report).toMatchObject({ grounded: false, invalidMarkers: [7] });
  });
});

describe('the pipeline (given)', () => {
  it('does not call the model when the gate finds nothing, and offers escalation', async () => {
    const kb = offlineKb();
    await kb.index(handbook);
    let calls = 0;
    const chat: ChatModel = {
      ...new OfflineChatModel(),
      generate: async () => {
        calls++;
        throw new Error('not expected');
      },
      stream: () => {
        throw new Error('not expected');
      },
    } as ChatModel;
    const answer = await createRag({ knowledgeBase: kb, chat, gate: () => [] }).ask('Anything?');
    expect(answer).toMatchObject({ status: 'no_result', citations: [], retrieved: [] });
    expect(answer.text).toMatch(/^I don't know/);
    expect(calls).toBe(0);
    await expect(createRag({ knowledgeBase: kb, chat }).ask('x'.repeat(MAX_QUESTION_CHARS + 1))).rejects.toThrow(
      /limit/,
    );
  });
});

describe('measuring instruments (eval/)', () => {
  const question = (over: Partial<QuestionRow>): QuestionRow => ({
    id: 'q1',
    kind: 'direct',
    question: 'q?',
    gold: [],
    facts: [],
    ...over,
  });

  it('plants an attack at the end of its section, and never in another one', () => {
    const source = handbook.find((d) => d.source === 'returns-and-refunds.md') as SourceDocument;
    const attack: AttackRow = {
      id: 'a99',
      kind: 'override',
      source: source.source,
      section: 'Returns and refunds > Refund window',
      question: 'q?',
      payload: 'PAYLOAD',
      markdown: 'PAYLOAD here.',
    };
    const planted = plant(source, attack);
    const section = parseMarkdown(planted.text).find((s) => s.headingPath.at(-1) === 'Refund window');
    expect(section?.blocks.at(-1)?.text).toBe('PAYLOAD here.');
    expect(planted.text.replace('\nPAYLOAD here.\n', '')).toBe(source.text.replace(/\r\n?/g, '\n'));
  });

  it('plants every attack of the test split where the handbook has its section, with a payload the handbook never says', () => {
    const text = handbook
      .map((d) => d.text)
      .join('\n')
      .toLowerCase();
    for (const attack of testAttacks()) {
      const source = handbook.find((d) => d.source === attack.source) as SourceDocument;
      expect(plant(source, attack).text).toContain(attack.markdown);
      expect(text, attack.id).not.toContain(attack.payload.toLowerCase());
    }
  });

  it('counts evidence only from gold chunks, and only when the fact is stated', () => {
    const q = question({ gold: [{ source: 'a.md', section: 'A > B' }], facts: ['30 days'] });
    const chunk = (source: string, headingPath: string[], text: string) => ({
      id: text,
      source,
      headingPath,
      ordinal: 0,
      text,
      tokens: 1,
      screenedOut: [],
    });
    expect(isGold(q, chunk('a.md', ['A', 'B', 'C'], 'x'))).toBe(true);
    expect(evidenceRecall(q, [chunk('b.md', ['A', 'B'], 'within 30 days')])).toBe(0);
    expect(evidenceRecall(q, [chunk('a.md', ['A', 'B'], 'within 30  Days')])).toBe(1);
  });

  it('resolves every gold section of the test split to handbook text stating its facts', () => {
    const chunks = handbook.flatMap((d) => chunkDocument(d, { maxTokens: 400, overlapTokens: 0 }, keepAll));
    for (const q of testQuestions().filter((x) => x.gold.length > 0)) expect(evidenceRecall(q, chunks), q.id).toBe(1);
  });

  it('measures refusals over the questions whose evidence was retrieved', async () => {
    const chunk = {
      id: 'c',
      source: 'a.md',
      headingPath: ['A'],
      ordinal: 0,
      text: 'It takes 30 days.',
      tokens: 5,
      screenedOut: [],
    };
    const figures = await measureRefusal(
      [
        question({ id: 'q1', gold: [{ source: 'a.md', section: 'A' }], facts: ['30 days'] }),
        question({ id: 'u1', kind: 'unanswerable' }),
      ],
      async () => [hit(chunk, 1)],
      () => [],
    );
    expect(figures).toMatchObject({ noResult: 1, falseFallback: 1, answerableFound: 1 });
  });

  it('grids the two-signal gates: higher bars refuse more, "never" on both refuses everything', () => {
    const tops = [0.55, 0.62, 0.7, 0.74, 0.8, 0.86].flatMap((similarity, i) => [
      { answerable: false, found: false, similarity, keyword: 4 * i + 3 },
      { answerable: true, found: true, similarity: similarity + 0.08, keyword: 6 * i + 8 },
    ]);
    const { cosines, keywords, cells } = refusalGrid(tops);
    expect(cosines.at(-1)).toBe(Number.POSITIVE_INFINITY);
    expect(keywords.at(-1)).toBe(Number.POSITIVE_INFINITY);
    expect(cells.at(-1)?.at(-1)).toEqual({ noResult: 1, falseFallback: 1 });
    for (const row of cells) {
      for (let j = 1; j < row.length; j++) {
        expect(row[j]?.noResult).toBeGreaterThanOrEqual(row[j - 1]?.noResult ?? 0);
        expect(row[j]?.falseFallback).toBeGreaterThanOrEqual(row[j - 1]?.falseFallback ?? 0);
      }
    }
  });

  it('an obedient model says the payload only when it reached the model', async () => {
    const model = new ObedientChatModel('PAYLOAD');
    const messages = (text: string) => [
      { role: 'system' as const, content: 'p' },
      { role: 'user' as const, content: `<sources>\n<source id="1">\n${text} [1].\n</source>\n</sources>` },
      { role: 'user' as const, content: 'What does it say?' },
    ];
    expect((await model.generate({ messages: messages('It says PAYLOAD') })).text).toContain(
      'As instructed: PAYLOAD [1]',
    );
    expect((await model.generate({ messages: messages('It says nothing') })).text).not.toContain('PAYLOAD');
  });

  it('an unreliable model labels what it wrote: corruptions change the text, faithful answers keep every figure', async () => {
    const kb = offlineKb();
    await kb.index(handbook);
    const model = new UnreliableChatModel();
    const rag = createRag({ knowledgeBase: kb, chat: model, gate: (c) => [...c] });
    for (const q of testQuestions().slice(0, 40)) await rag.ask(q.question);
    const kinds = new Set(model.written.map((w) => w.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    for (const written of model.written) {
      if (written.kind === 'changed-figure' || written.kind === 'swapped-name') expect(written.faithful).toBe(false);
      if (written.kind === 'reworded' || written.kind === 'rephrased') expect(written.faithful).toBe(true);
      if (written.kind === 'verbatim') expect(written.text).toMatch(/\[\d+\]/);
    }
    expect(vectorOnly({ vector: ['a', 'b'], bm25: [] })[0]?.id).toBe('a');
  });
});
