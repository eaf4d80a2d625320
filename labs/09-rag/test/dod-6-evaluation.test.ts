import { chunkDocuments } from '@lab/chunk.ts';
import { loadHandbook, loadQuestions } from '@lab/corpus.ts';
import { containsFacts, evaluate, goldChunkIds, type QuestionResult, recallAtK, summarize } from '@lab/evaluate.ts';
import { createRag } from '@lab/rag.ts';
import { OfflineChatModel } from '@workshop/llm';
import { describe, expect, it } from 'vitest';
import { offlineKnowledgeBase } from './support.ts';

const handbook = loadHandbook();
const questions = loadQuestions();

function result(partial: Partial<QuestionResult> & Pick<QuestionResult, 'answerable' | 'status'>): QuestionResult {
  return {
    id: 'q00',
    retrievedIds: [],
    recall: undefined,
    grounded: undefined,
    correct: undefined,
    text: '',
    ...partial,
  };
}

describe('DoD-6 evaluation metrics', () => {
  it('Recall@k: share of gold groups with a chunk among the first k retrieved', () => {
    expect(recallAtK(['a', 'b', 'c'], [['c']], 3)).toBe(1);
    expect(recallAtK(['a', 'b', 'c'], [['c']], 2)).toBe(0);
    expect(recallAtK(['a', 'x'], [['a'], ['b', 'x']], 2)).toBe(1);
    expect(recallAtK(['a', 'y'], [['a'], ['b', 'x']], 2)).toBe(0.5);
    expect(recallAtK([], [['a']], 5)).toBe(0);
  });

  it('resolves every gold section of the question set to chunk ids of the stable chunker', () => {
    const chunks = chunkDocuments(handbook);
    for (const q of questions.filter((x) => x.gold.length > 0)) {
      const groups = goldChunkIds(q, chunks);
      expect(groups, q.id).toHaveLength(q.gold.length);
      for (const group of groups) expect(group.length, `${q.id}: gold section matches no chunk`).toBeGreaterThan(0);
    }
  });

  it('answer correctness: every key fact present, ignoring case and spacing', () => {
    expect(containsFacts('Returns are accepted within 30  Days [1].', ['30 days'])).toBe(true);
    expect(containsFacts('We ship to Norway [1].', ['Norway', 'Switzerland'])).toBe(false);
  });

  it('summarises the rates over the right groups', () => {
    const report = summarize(
      [
        result({ answerable: true, status: 'answered', recall: 1, grounded: true, correct: true }),
        result({ answerable: true, status: 'answered', recall: 0.5, grounded: true, correct: false }),
        result({ answerable: true, status: 'ungrounded', recall: 0, grounded: false, correct: false }),
        result({ answerable: true, status: 'no_result', recall: 0, correct: false }),
        result({ answerable: false, status: 'no_result' }),
        result({ answerable: false, status: 'answered', grounded: true }),
      ],
      5,
    );
    expect(report).toMatchObject({ k: 5, answerable: 4, unanswerable: 2 });
    expect(report.recallAtK).toBeCloseTo(1.5 / 4, 12);
    expect(report.groundednessRate).toBeCloseTo(3 / 4, 12);
    expect(report.answerCorrectness).toBeCloseTo(1 / 4, 12);
    expect(report.noResultRate).toBeCloseTo(1 / 2, 12);
    expect(report.falseFallbackRate).toBeCloseTo(2 / 4, 12);
  });
});

describe('DoD-6 end-to-end evaluation on the question set (offline stack)', () => {
  it('meets the lab targets: Recall@5 ≥ 85 %, groundedness ≥ 90 %, correctness ≥ 70 %, no-result ≥ 75 %', async () => {
    const knowledgeBase = offlineKnowledgeBase();
    await knowledgeBase.index(handbook);
    const report = await evaluate(
      createRag({ knowledgeBase, chat: new OfflineChatModel() }),
      questions,
      knowledgeBase.chunks(),
      5,
    );
    expect(report.results).toHaveLength(questions.length);
    expect(report.answerable + report.unanswerable).toBe(questions.length);
    expect(report.recallAtK).toBeGreaterThanOrEqual(0.85);
    expect(report.groundednessRate).toBeGreaterThanOrEqual(0.9);
    expect(report.answerCorrectness).toBeGreaterThanOrEqual(0.7);
    expect(report.noResultRate).toBeGreaterThanOrEqual(0.75);
    for (const r of report.results.filter((x) => x.status === 'answered')) expect(r.text).toMatch(/\[\d+\]/);
  });
});
