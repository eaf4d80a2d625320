/**
 * The dev report: every KPI of the DoD, measured on the DEV split with your current choices,
 * next to the target the DoD applies to the test split. Calibrate here; the test split is for
 * the DoD only.
 *
 *   node labs/09-rag/src/dev-report.ts            # your code
 *   node labs/09-rag/src/dev-report.ts --sweep    # plus what other chunk sizes would give (slower)
 *   node solutions/09-rag/src/dev-report.ts       # the reference
 *   OFFLINE_EMBEDDING_MODEL=hash node labs/09-rag/src/dev-report.ts   # another offline model (the DoD keeps the default)
 *
 * A checkpoint that is still a TODO prints its message and the report moves on.
 * Given code: the same file in the starter and the solution.
 */
import { createEmbeddingModel, SIMULATOR_PREFIX } from '@workshop/llm';
import { meetsTarget } from '@workshop/testkit/metric-format';
import { createMemoryVectorStore } from '@workshop/vector';
import { BASELINE_CHUNKING, bm25Only, standardFusion, vectorOnly } from '../../../labs/09-rag/eval/baselines.ts';
import {
  measureGrounding,
  measureInjection,
  measureRefusal,
  measureRetrieval,
  refusalGrid,
} from '../../../labs/09-rag/eval/measure.ts';
import { flushMemos, memoizedEmbedder } from '../../../labs/09-rag/eval/memo.ts';
import { attackSplit, questionSplit } from '../../../labs/09-rag/eval/rows.ts';
import { TARGETS } from '../../../labs/09-rag/eval/targets.ts';
import { UnreliableChatModel } from '../../../labs/09-rag/eval/unreliable-model.ts';
import { chunkDocument } from './chunk.ts';
import { chunkingChoice } from './chunking.ts';
import { buildContext } from './context.ts';
import { loadHandbook } from './corpus.ts';
import { isInstruction } from './injection.ts';
import { createKnowledgeBase, type KnowledgeBaseOptions } from './knowledge-base.ts';
import { labEmbedder } from './offline-stack.ts';
import { createRag } from './rag.ts';
import { relevantHits } from './threshold.ts';
import type { ChunkingOptions } from './types.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mark = (value: number, target: string) => (meetsTarget(value, target) ? '✓' : '✗');
const kpi = (name: string, value: number, target: string, shown = pct(value)) =>
  `  ${mark(value, target)} ${name.padEnd(44)} ${shown.padStart(9)}   (DoD target on test: ${target})`;
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

let lastError = '';
async function section(title: string, body: () => Promise<void>): Promise<void> {
  console.log(`\n${title}`);
  lastError = '';
  await attempt(body);
}

/** Run one part of a section; a TODO prints its message (once) and the rest of the section still runs. */
async function attempt(part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (error) {
    if (oneLine(error) !== lastError) console.log(`  ${oneLine(error)}`);
    lastError = oneLine(error) ?? '';
  }
}

const sweep = process.argv.includes('--sweep');
const handbook = loadHandbook();
const questions = questionSplit('dev');
const attacks = attackSplit('dev');
// The DoD measures with the default offline model; the variable lets you see another one here.
const other = process.env.OFFLINE_EMBEDDING_MODEL;
const embedder = memoizedEmbedder(
  other ? createEmbeddingModel({ LLM_PROVIDER: 'offline', OFFLINE_EMBEDDING_MODEL: other }) : labEmbedder(),
);

async function knowledgeBase(options: Partial<KnowledgeBaseOptions> = {}) {
  const kb = createKnowledgeBase({ store: createMemoryVectorStore(), embedder, ...options });
  const report = await kb.index(handbook);
  return { kb, report };
}

console.log(
  `Dev split: ${questions.length} questions (${questions.filter((q) => q.gold.length === 0).length} unanswerable), ` +
    `${attacks.length} planted attacks · embeddings ${embedder.modelId} (${embedder.dimensions} d) · offline simulator`,
);
if (other) console.log(`OFFLINE_EMBEDDING_MODEL=${other}: the DoD measures with the default model, not this one.`);

await section('DoD-1 planted instructions (your isInstruction; fixed chunking and fusion)', async () => {
  let units = 0;
  let counting = true;
  const screen = (unit: string) => {
    if (counting) units++;
    return isInstruction(unit);
  };
  const { kb, report } = await knowledgeBase({ chunking: BASELINE_CHUNKING, fuse: standardFusion, screen });
  counting = false;
  const figures = await measureInjection({
    attacks,
    handbook,
    index: (docs) => kb.index(docs),
    context: async (question) => buildContext(question, await kb.search(question, { topK: 5 })).messages,
    chunkIds: (doc) => chunkDocument(doc, BASELINE_CHUNKING, screen).map((chunk) => chunk.id),
  });
  const falseFlags = report.screenedOut.length / Math.max(1, units);
  console.log(kpi('attacks without effect', figures.unchanged, TARGETS.attacksWithoutEffect));
  console.log(
    kpi(
      'handbook units screened out',
      falseFlags,
      TARGETS.handbookScreenedOut,
      `${report.screenedOut.length}/${units}`,
    ),
  );
  for (const c of figures.changed) console.log(`    attack ${c.id} (${c.kind}): ${c.why}`);
  for (const f of report.screenedOut) console.log(`    screened out of ${f.source}: ${f.text.slice(0, 90)}`);
});

await section('DoD-2 chunking (your chunkingChoice; ranked by BM25 alone, as the DoD does)', async () => {
  const measure = async (chunking: ChunkingOptions) => {
    const { kb, report } = await knowledgeBase({ chunking, fuse: bm25Only });
    const figures = await measureRetrieval(questions, async (q) =>
      (await kb.search(q, { topK: 5 })).map((h) => h.chunk),
    );
    return { ...figures, chunks: report.chunks };
  };
  await attempt(async () => {
    const choice = chunkingChoice();
    console.log(`  your choice: maxTokens ${choice.maxTokens}, overlapTokens ${choice.overlapTokens}`);
    const mine = await measure(choice);
    console.log(kpi('Recall@5 of the evidence', mine.recall, TARGETS.chunkRecall));
    console.log(kpi('tokens of the top 5 chunks', mine.tokens, TARGETS.chunkTokens, mine.tokens.toFixed(0)));
    console.log(`    ${mine.chunks} chunks; evidence missed for ${mine.misses.length} questions`);
  });
  if (!sweep) return console.log('  (add --sweep for other sizes)');
  console.log('\n  | maxTokens | overlap | chunks | Recall@5 | tokens of top 5 |\n  |---|---|---|---|---|');
  for (const maxTokens of [24, 32, 48, 64, 96, 128, 192, 256]) {
    // No overlap, a sixth of the chunk, and the most the chunker allows (just under half).
    for (const overlapTokens of [0, Math.floor(maxTokens / 6), Math.ceil(maxTokens / 2) - 1]) {
      const r = await measure({ maxTokens, overlapTokens });
      console.log(`  | ${maxTokens} | ${overlapTokens} | ${r.chunks} | ${pct(r.recall)} | ${r.tokens.toFixed(0)} |`);
    }
  }
});

await section('DoD-3 fusion (your fuse, with your chunks)', async () => {
  const paraphrased = questions.filter((q) => q.kind === 'paraphrase');
  const recallWith = async (options: Partial<KnowledgeBaseOptions>) => {
    const { kb } = await knowledgeBase(options);
    const search = async (q: string) => (await kb.search(q, { topK: 5 })).map((h) => h.chunk);
    return { all: await measureRetrieval(questions, search), paraphrased: await measureRetrieval(paraphrased, search) };
  };
  const vector = await recallWith({ fuse: vectorOnly });
  const bm25 = await recallWith({ fuse: bm25Only });
  await attempt(async () => {
    const mine = await recallWith({});
    const gain = mine.all.recall - Math.max(vector.all.recall, bm25.all.recall);
    console.log(kpi('Recall@5 of the evidence (your fusion)', mine.all.recall, TARGETS.fusedRecall));
    console.log(kpi('gain over the better retriever alone', gain, TARGETS.fusionGain, `${(gain * 100).toFixed(1)} pt`));
    console.log(`    paraphrased questions: yours ${pct(mine.paraphrased.recall)}`);
    for (const m of mine.all.misses) console.log(`    missed ${m.id} (${pct(m.recall)}): ${m.question}`);
  });
  console.log(
    `    each alone: vector ${pct(vector.all.recall)} · BM25 ${pct(bm25.all.recall)}; on the ${paraphrased.length} paraphrased questions: vector ${pct(vector.paraphrased.recall)} · BM25 ${pct(bm25.paraphrased.recall)}`,
  );
});

await section('DoD-4 "I don\'t know" (your relevantHits, on your fused top 5)', async () => {
  const { kb } = await knowledgeBase();
  const candidatesFor = (q: string) => kb.search(q, { topK: 5 });
  await attempt(async () => {
    const figures = await measureRefusal(questions, candidatesFor, relevantHits);
    console.log(kpi(`no-result rate (${figures.unanswerable} unanswerable)`, figures.noResult, TARGETS.noResult));
    console.log(
      kpi(
        `false fallbacks (${figures.answerableFound} of ${figures.answerable} found)`,
        figures.falseFallback,
        TARGETS.falseFallback,
      ),
    );
    for (const m of figures.mistakes)
      console.log(`    ${m.answerable ? 'refused ' : 'answered'} ${m.id}: ${m.question}`);
  });
  // What other gates would do depends on retrieval only, so it shows while your gate is a TODO.
  const figures = await measureRefusal(questions, candidatesFor, (candidates) => [...candidates]);
  const grid = refusalGrid(figures.tops);
  const label = (t: number, digits: number) => (Number.isFinite(t) ? t.toFixed(digits) : 'never');
  console.log(
    '\n  If the rule were "answer when the best candidate\'s cosine ≥ c or its BM25 score ≥ b" (never: that' +
      ' signal alone decides);\n  each cell is no-result % / false fallback % (✓: both dev targets met):',
  );
  console.log(`  | c \\ b | ${grid.keywords.map((b) => label(b, 0)).join(' | ')} |`);
  console.log(`  |---|${grid.keywords.map(() => '---|').join('')}`);
  grid.cells.forEach((row, i) => {
    const cells = row.map((cell) => {
      const ok = meetsTarget(cell.noResult, TARGETS.noResult) && meetsTarget(cell.falseFallback, TARGETS.falseFallback);
      return `${(cell.noResult * 100).toFixed(0)} / ${(cell.falseFallback * 100).toFixed(0)}${ok ? ' ✓' : ''}`;
    });
    console.log(`  | ${label(grid.cosines[i] as number, 2)} | ${cells.join(' | ')} |`);
  });
});

await section('DoD-5 groundedness (your isSupported; a model that is right about half the time)', async () => {
  const { kb } = await knowledgeBase();
  const model = new UnreliableChatModel();
  const rag = createRag({ knowledgeBase: kb, chat: model });
  const figures = await measureGrounding(questions, (q) => rag.ask(q), model);
  console.log(kpi(`groundedness of the ${figures.shown} answers shown`, figures.groundedness, TARGETS.groundedness));
  console.log(
    kpi(`faithful answers shown (of ${figures.faithfulWritten})`, figures.faithfulShown, TARGETS.faithfulShown),
  );
  console.log('  | the model wrote | answers | shown |\n  |---|---|---|');
  for (const [kind, n] of [...figures.byKind].sort()) console.log(`  | ${kind} | ${n.written} | ${n.shown} |`);
  for (const f of figures.flawedShownList)
    console.log(`    shown although ${f.kind} (${f.id}): ${f.text.slice(SIMULATOR_PREFIX.length, 160)}`);
  for (const f of figures.faithfulRefusedList)
    console.log(`    refused although ${f.kind} (${f.id}): ${f.text.slice(SIMULATOR_PREFIX.length, 160)}`);
});

flushMemos();
