/**
 * Hashing vs GloVe offline embeddings, measured two ways (the figures in packages/llm/README.md):
 *
 * 1. Labelled question pairs (`data/pairs/pairs.{dev,test}.jsonl`): ROC-AUC of the cosine for
 *    paraphrase vs near-miss (and vs unrelated), and the paraphrase hit rate at the threshold that
 *    gives zero near-miss hits (or zero unrelated hits) on dev, measured on test.
 * 2. Lab 09's question set over its handbook: Recall@5 of plain vector retrieval (no BM25, no
 *    threshold), one chunk per Markdown section.
 *
 * Run from the repository root: `node packages/llm/scripts/compare-embeddings.ts`
 * (`--questions <file>` to point at another lab 09 question file: a JSON `{ questions: [...] }`, a JSON
 * array or JSON Lines of `{ question, gold: [{ source, section }] }`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddingModel } from '../src/index.ts';
import { GloveEmbeddingModel, OfflineEmbeddingModel } from '../src/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const PAIRS_DIR = path.join(import.meta.dirname, '..', 'data', 'pairs');
const HANDBOOK_DIR = path.join(ROOT, 'labs', '09-rag', 'fixtures', 'handbook');
const questionsFlag = process.argv.indexOf('--questions');
const QUESTIONS_FILE =
  questionsFlag >= 0
    ? path.resolve(process.argv[questionsFlag + 1] ?? '')
    : path.join(ROOT, 'labs', '09-rag', 'fixtures', 'questions.json');
const K = 5;

type Label = 'paraphrase' | 'near-miss' | 'unrelated';
interface Pair {
  a: string;
  b: string;
  label: Label;
}
interface Question {
  question: string;
  gold: { source: string; section: string }[];
}
interface Chunk {
  source: string;
  headingPath: string;
  text: string;
}

function fail(message: string): never {
  console.error(`compare-embeddings: ${message}`);
  process.exit(1);
}

function readRows(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail(`cannot read ${file}`);
  }
  if (file.endsWith('.jsonl')) {
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return fail(`${file}:${i + 1} is not JSON`);
        }
      });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(`${file} is not JSON`);
  }
  return Array.isArray(parsed) ? parsed : ((parsed as { questions?: unknown[] }).questions ?? []);
}

function loadPairs(split: 'dev' | 'test'): Pair[] {
  const file = path.join(PAIRS_DIR, `pairs.${split}.jsonl`);
  return readRows(file).map((row, i) => {
    const { a, b, label } = row as Partial<Pair>;
    if (
      typeof a !== 'string' ||
      typeof b !== 'string' ||
      !['paraphrase', 'near-miss', 'unrelated'].includes(label ?? '')
    ) {
      fail(
        `${file}:${i + 1}: expected { "a": string, "b": string, "label": "paraphrase" | "near-miss" | "unrelated" }`,
      );
    }
    return row as Pair;
  });
}

/** One chunk per Markdown section, its text prefixed by its heading path (what lab 09 embeds). */
function sectionChunks(source: string, markdown: string): Chunk[] {
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let body: string[] = [];
  const flush = () => {
    const text = body.join('\n').trim();
    if (text) chunks.push({ source, headingPath: headings.join(' > '), text: [...headings, text].join('\n') });
    body = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) {
      body.push(line);
      continue;
    }
    flush();
    headings.length = Math.min(headings.length, (heading[1] as string).length - 1);
    headings.push(heading[2] as string);
  }
  flush();
  return chunks;
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

const share = (scores: readonly number[], threshold: number) => scores.filter((s) => s > threshold).length;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} % (${part}/${whole})`;

async function pairFigures(model: EmbeddingModel, dev: Pair[], test: Pair[]) {
  const vectors = await embedAll(
    model,
    [...dev, ...test].flatMap((p) => [p.a, p.b]),
  );
  const scores = (pairs: Pair[], label: Label) =>
    pairs.filter((p) => p.label === label).map((p) => dot(vectors.get(p.a) ?? [], vectors.get(p.b) ?? []));
  const [devNear, devUnrelated] = [scores(dev, 'near-miss'), scores(dev, 'unrelated')];
  const [para, near, unrelated] = [scores(test, 'paraphrase'), scores(test, 'near-miss'), scores(test, 'unrelated')];
  // The lowest threshold with no hit of that kind on dev: a hit is a cosine strictly above it.
  const zeroNear = Math.max(...devNear);
  const zeroUnrelated = Math.max(...devUnrelated);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return {
    devMedians: (['paraphrase', 'near-miss', 'unrelated'] as const).map((l) => median(scores(dev, l)).toFixed(2)),
    aucNear: rocAuc(para, near),
    aucUnrelated: rocAuc(para, unrelated),
    devAucNear: rocAuc(scores(dev, 'paraphrase'), devNear),
    zeroNear: { threshold: zeroNear, para: pct(share(para, zeroNear), para.length), near: share(near, zeroNear) },
    zeroUnrelated: {
      threshold: zeroUnrelated,
      para: pct(share(para, zeroUnrelated), para.length),
      near: pct(share(near, zeroUnrelated), near.length),
      unrelated: share(unrelated, zeroUnrelated),
    },
  };
}

async function recallAtK(model: EmbeddingModel, chunks: Chunk[], questions: Question[]): Promise<number> {
  const vectors = await embedAll(model, [...chunks.map((c) => c.text), ...questions.map((q) => q.question)]);
  let sum = 0;
  for (const q of questions) {
    const query = vectors.get(q.question) ?? [];
    const top = chunks
      .map((chunk) => ({ chunk, score: dot(query, vectors.get(chunk.text) ?? []) }))
      .sort((x, y) => y.score - x.score)
      .slice(0, K)
      .map((r) => r.chunk);
    const found = q.gold.filter((g) =>
      top.some(
        (c) => c.source === g.source && (c.headingPath === g.section || c.headingPath.startsWith(`${g.section} > `)),
      ),
    );
    sum += found.length / q.gold.length;
  }
  return sum / questions.length;
}

const dev = loadPairs('dev');
const test = loadPairs('test');
const count = (pairs: Pair[], label: Label) => pairs.filter((p) => p.label === label).length;
const documents = readdirSync(HANDBOOK_DIR)
  .filter((name) => name.endsWith('.md'))
  .sort();
const chunks = documents.flatMap((name) => sectionChunks(name, readFileSync(path.join(HANDBOOK_DIR, name), 'utf8')));
const questions = (readRows(QUESTIONS_FILE) as Question[]).filter((q) => Array.isArray(q.gold) && q.gold.length > 0);
if (questions.length === 0) fail(`${QUESTIONS_FILE}: no answerable questions`);

console.log(
  `pairs: dev ${dev.length} (${count(dev, 'paraphrase')} paraphrase, ${count(dev, 'near-miss')} near-miss, ${count(dev, 'unrelated')} unrelated), ` +
    `test ${test.length} (${count(test, 'paraphrase')} / ${count(test, 'near-miss')} / ${count(test, 'unrelated')})`,
);
console.log(
  `lab 09: ${questions.length} answerable questions (${path.relative(ROOT, QUESTIONS_FILE)}), ${chunks.length} section chunks of ${documents.length} documents\n`,
);
console.log(
  '| model | AUC paraphrase vs near-miss (test) | AUC paraphrase vs unrelated (test) | zero near-miss on dev: threshold → paraphrase hits on test, near-miss hits on test | zero unrelated on dev: threshold → paraphrase hits, near-miss hits, unrelated hits on test | lab 09 Recall@5 (vector only) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
const medians: string[] = [];
for (const model of [new OfflineEmbeddingModel(), new GloveEmbeddingModel()]) {
  const f = await pairFigures(model, dev, test);
  const recall = await recallAtK(model, chunks, questions);
  medians.push(`${model.modelId}: ${f.devMedians.join(' / ')}`);
  console.log(
    `| ${model.modelId} | ${f.aucNear.toFixed(3)} (dev ${f.devAucNear.toFixed(3)}) | ${f.aucUnrelated.toFixed(3)} | ` +
      `> ${f.zeroNear.threshold.toFixed(3)} → ${f.zeroNear.para}, ${f.zeroNear.near} | ` +
      `> ${f.zeroUnrelated.threshold.toFixed(3)} → ${f.zeroUnrelated.para}, ${f.zeroUnrelated.near}, ${f.zeroUnrelated.unrelated} | ` +
      `${recall.toFixed(3)} |`,
  );
}
console.log(`\nmedian cosine on dev, paraphrase / near-miss / unrelated: ${medians.join('; ')}`);
