/**
 * Hashing vs GloVe offline embeddings, measured two ways (the figures in packages/llm/README.md):
 *
 * 1. Labelled question pairs (`data/pairs/pairs.{dev,test}.jsonl`): ROC-AUC of the cosine for
 *    paraphrase vs unrelated (and vs near-miss), and the paraphrase hit rate at the threshold that
 *    gives zero unrelated hits on dev (the threshold is always the dev one; the hits are counted on
 *    the split of the row).
 * 2. Lab 09's questions over its handbook (`labs/09-rag/fixtures`, dev and test splits): evidence
 *    Recall@5 of vector search alone, over all answerable questions and over the paraphrased ones,
 *    with the lab's own measuring code (`labs/09-rag/eval`), its given knowledge base and the
 *    reference's chunks: the "vector alone" figure of lab 09's dev report and DoD-3.
 *
 * Run from the repository root:
 *   node packages/llm/scripts/compare-embeddings.ts                # hash and glove, dev and test
 *   node packages/llm/scripts/compare-embeddings.ts --candidates   # GloVe recipes, dev only (calibration)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EmbeddingModel, EmbeddingResult } from '../src/index.ts';
import { GloveEmbeddingModel, loadGloveTable, OfflineEmbeddingModel } from '../src/index.ts';
import { GLOVE_RECIPE, type GloveRecipe, gloveEmbedding } from '../src/providers/offline/glove.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const PAIRS_DIR = path.join(import.meta.dirname, '..', 'data', 'pairs');
type Split = 'dev' | 'test';

type Label = 'paraphrase' | 'near-miss' | 'unrelated';
interface Pair {
  a: string;
  b: string;
  label: Label;
}

function fail(message: string): never {
  console.error(`compare-embeddings: ${message}`);
  process.exit(1);
}

function loadPairs(split: Split): Pair[] {
  const file = path.join(PAIRS_DIR, `pairs.${split}.jsonl`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail(`cannot read ${file}`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      let row: Partial<Pair>;
      try {
        row = JSON.parse(line) as Partial<Pair>;
      } catch {
        return fail(`${file}:${i + 1} is not JSON`);
      }
      if (
        typeof row.a !== 'string' ||
        typeof row.b !== 'string' ||
        !['paraphrase', 'near-miss', 'unrelated'].includes(row.label ?? '')
      ) {
        fail(
          `${file}:${i + 1}: expected { "a": string, "b": string, "label": "paraphrase" | "near-miss" | "unrelated" }`,
        );
      }
      return row as Pair;
    });
}

// Lab 09's code, loaded at run time by path: this package does not depend on a lab, and its type
// check does not follow into one. Only what this script calls is typed here.
interface LabChunk {
  id: string;
}
interface LabQuestion {
  kind: string;
  gold: unknown[];
}
interface Lab09 {
  questionSplit(split: Split): LabQuestion[];
  loadHandbook(): unknown[];
  vectorOnly(rankings: unknown): unknown[];
  measureRetrieval(
    questions: readonly LabQuestion[],
    retrieve: (question: string) => Promise<LabChunk[]>,
  ): Promise<{ recall: number; questions: number }>;
  createKnowledgeBase(options: { store: unknown; embedder: EmbeddingModel; fuse: unknown }): {
    index(docs: unknown[]): Promise<unknown>;
    search(query: string, options: { topK: number }): Promise<{ chunk: LabChunk }[]>;
  };
  createMemoryVectorStore(): unknown;
}

async function loadLab09(): Promise<Lab09> {
  const load = (file: string) => import(pathToFileURL(path.join(ROOT, file)).href);
  try {
    const [rows, corpus, baselines, measure, knowledgeBase, store] = await Promise.all([
      load('labs/09-rag/eval/rows.ts'),
      load('solutions/09-rag/src/corpus.ts'),
      load('labs/09-rag/eval/baselines.ts'),
      load('labs/09-rag/eval/measure.ts'),
      load('solutions/09-rag/src/knowledge-base.ts'),
      load('packages/vector/src/memory/store.ts'),
    ]);
    return { ...rows, ...corpus, ...baselines, ...measure, ...knowledgeBase, ...store } as Lab09;
  } catch (error) {
    return fail(`cannot load lab 09 (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function embedAll(model: EmbeddingModel, texts: string[]): Promise<Map<string, number[]>> {
  const unique = [...new Set(texts)];
  const vectors = new Map<string, number[]>();
  for (let i = 0; i < unique.length; i += model.maxBatchSize) {
    const batch = unique.slice(i, i + model.maxBatchSize);
    const { embeddings } = await model.embed(batch);
    batch.forEach((text, j) => {
      vectors.set(text, embeddings[j] as number[]);
    });
  }
  return vectors;
}

const dot = (x: readonly number[], y: readonly number[]) => x.reduce((sum, v, i) => sum + v * (y[i] as number), 0);

/** Probability that a random positive scores above a random negative (ties count half). */
function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;

interface Figures {
  aucUnrelated: number;
  aucNear: number;
  /** Threshold: the highest unrelated cosine on dev. */
  threshold: number;
  paraphraseHits: number;
  nearHits: number;
  unrelatedHits: number;
  medians: string;
  recall: number;
  recallParaphrased: number;
}

async function measure(model: EmbeddingModel, split: Split, lab: Lab09): Promise<Figures> {
  const dev = loadPairs('dev');
  const pairs = split === 'dev' ? dev : loadPairs(split);
  const vectors = await embedAll(
    model,
    [...dev, ...pairs].flatMap((p) => [p.a, p.b]),
  );
  const scores = (rows: Pair[], label: Label) =>
    rows.filter((p) => p.label === label).map((p) => dot(vectors.get(p.a) ?? [], vectors.get(p.b) ?? []));
  const threshold = Math.max(...scores(dev, 'unrelated'));
  const [para, near, unrelated] = (['paraphrase', 'near-miss', 'unrelated'] as const).map((l) => scores(pairs, l)) as [
    number[],
    number[],
    number[],
  ];
  const hits = (xs: number[]) => xs.filter((s) => s > threshold).length / xs.length;

  const kb = lab.createKnowledgeBase({ store: lab.createMemoryVectorStore(), embedder: model, fuse: lab.vectorOnly });
  await kb.index(lab.loadHandbook());
  const search = async (q: string) => (await kb.search(q, { topK: 5 })).map((h) => h.chunk);
  const questions = lab.questionSplit(split);
  return {
    aucUnrelated: rocAuc(para, unrelated),
    aucNear: rocAuc(para, near),
    threshold,
    paraphraseHits: hits(para),
    nearHits: hits(near),
    unrelatedHits: hits(unrelated),
    medians: [para, near, unrelated].map((xs) => median(xs).toFixed(2)).join(' / '),
    recall: (await lab.measureRetrieval(questions, search)).recall,
    recallParaphrased: (
      await lab.measureRetrieval(
        questions.filter((q) => q.kind === 'paraphrase'),
        search,
      )
    ).recall,
  };
}

/** A GloVe model with another recipe, for calibration only (its vectors are not the shipped space). */
function candidate(name: string, recipe: GloveRecipe): EmbeddingModel {
  const glove = new GloveEmbeddingModel();
  return {
    provider: 'offline',
    modelId: `glove-candidate-${name}`,
    version: `candidate/${JSON.stringify(recipe)}`,
    dimensions: glove.dimensions,
    normalized: true,
    maxBatchSize: glove.maxBatchSize,
    async embed(texts): Promise<EmbeddingResult> {
      const table = await loadGloveTable();
      return {
        embeddings: texts.map((text) => gloveEmbedding(text, table, recipe)),
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true },
      };
    },
  };
}

/** The recipes measured on dev; `GLOVE_RECIPE` is the one chosen. */
function candidates(): [string, GloveRecipe][] {
  const v1: GloveRecipe = { sifA: 1e-3, stopwords: 'count', numbers: 'direction', commonComponent: 0 };
  const list: [string, GloveRecipe][] = [['v1 (SIF a = 1e-3, unknown words incl. numbers get a direction)', v1]];
  for (const sifA of [1e-4, 3e-4, 3e-3, 1e-2, 1e-1]) list.push([`v1, a = ${sifA}`, { ...v1, sifA }]);
  list.push(['v1, numbers add nothing', { ...v1, numbers: 'drop' }]);
  list.push(['v1, common component removed (all)', { ...v1, commonComponent: 1 }]);
  list.push(['v1, stopwords add nothing', { ...v1, stopwords: 'drop' }]);
  const both: GloveRecipe = { ...v1, stopwords: 'drop', numbers: 'drop' };
  list.push(['no stopwords, no numbers', both]);
  for (const sifA of [3e-4, 3e-3]) list.push([`no stopwords, no numbers, a = ${sifA}`, { ...both, sifA }]);
  for (const share of [0.25, 0.5, 0.75, 1]) {
    list.push([`no stopwords, no numbers, common component × ${share}`, { ...both, commonComponent: share }]);
  }
  list.push([
    'no stopwords, numbers get a direction, common component × 0.5',
    { ...both, numbers: 'direction', commonComponent: 0.5 },
  ]);
  return list;
}

const lab = await loadLab09();
const header =
  '| model | split | AUC paraphrase vs unrelated | paraphrase hits at zero unrelated hits on dev (threshold) | near-miss / unrelated hits there | AUC paraphrase vs near-miss | median cosine paraphrase / near-miss / unrelated | lab 09 Recall@5, vector only | same, paraphrased questions |\n' +
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |';
const row = (name: string, split: Split, f: Figures) =>
  `| ${name} | ${split} | ${f.aucUnrelated.toFixed(3)} | ${pct(f.paraphraseHits)} (> ${f.threshold.toFixed(3)}) | ` +
  `${pct(f.nearHits)} / ${pct(f.unrelatedHits)} | ${f.aucNear.toFixed(3)} | ${f.medians} | ${pct(f.recall)} | ${pct(f.recallParaphrased)} |`;

const count = (split: Split) => {
  const pairs = loadPairs(split);
  const of = (label: Label) => pairs.filter((p) => p.label === label).length;
  const questions = lab.questionSplit(split).filter((q) => q.gold.length > 0);
  return `${split}: pairs ${of('paraphrase')} paraphrase / ${of('near-miss')} near-miss / ${of('unrelated')} unrelated; lab 09 ${questions.length} answerable questions (${questions.filter((q) => q.kind === 'paraphrase').length} paraphrased)`;
};

if (process.argv.includes('--candidates')) {
  console.log(`GloVe recipes, dev split only (${count('dev')})\n`);
  console.log(header);
  console.log(row('hash (for reference)', 'dev', await measure(new OfflineEmbeddingModel(), 'dev', lab)));
  for (const [name, recipe] of candidates()) {
    const chosen = JSON.stringify(recipe) === JSON.stringify(GLOVE_RECIPE) ? ' **(chosen)**' : '';
    console.log(row(`${name}${chosen}`, 'dev', await measure(candidate(name, recipe), 'dev', lab)));
  }
} else {
  console.log(`${count('dev')}\n${count('test')}\n`);
  console.log(header);
  for (const split of ['dev', 'test'] as const) {
    for (const model of [new OfflineEmbeddingModel(), new GloveEmbeddingModel()]) {
      console.log(row(model.modelId, split, await measure(model, split, lab)));
    }
  }
}
