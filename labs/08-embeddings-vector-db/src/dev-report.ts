/**
 * Your three decisions, measured on the DEV splits — the numbers to choose with. The DoD measures
 * the same things on the test splits, which this report never reads.
 *
 *   node labs/08-embeddings-vector-db/src/dev-report.ts
 *
 * Given code: the same in the starter and the solution. A decision you have not written yet shows as its TODO.
 */
import { percentile, wilsonInterval } from '@workshop/kit';
import { loadNeighbours, loadQueries } from '../../../labs/08-embeddings-vector-db/test/data.ts';
import { EF_GRID, efSweep, HnswIndex, QDRANT_DEFAULT_GRAPH } from './ann.ts';
import { exactNeighbours, loadScaleData } from './collection.ts';
import { chooseThreshold, decideCutOver } from './cutover.ts';
import { evaluateAtK, pairedChange } from './evaluation.ts';
import { chooseOperatingPoint } from './operating-point.ts';
import { ANN_TARGET, CUTOVER_POLICY, NO_RESULT_PROMISE, REPRESENTATION_BUDGET } from './policy.ts';
import { chooseRepresentation } from './representation.ts';
import { measureRepresentations } from './representations.ts';
import { type ModelName, migrationEvidence, modelRuns, offlineModel } from './scenarios.ts';
import type { QueryRun } from './types.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const f3 = (x: number) => x.toFixed(3);
const attempt = <T>(run: () => T): T | string => {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  }
};
/** The low end of the 95 % interval of a Recall@10 measured over `queries` (10 slots each). */
const low = (recall: number, queries: number) => wilsonInterval(Math.round(recall * queries * 10), queries * 10).low;

async function main(): Promise<void> {
  const dev = loadQueries('dev');
  const answerable = dev.filter((q) => q.relevant.length > 0).length;
  console.log(`# Lab 08 — dev report (dev splits only)\n`);
  console.log(
    `## DoD-1 thresholds and the cut-over (${dev.length} dev questions: ${answerable} answerable, ${dev.length - answerable} unanswerable)\n`,
  );

  const runs = new Map<ModelName, QueryRun[]>();
  const thresholds = new Map<ModelName, number>();
  console.log('model   R@1    R@5    R@10   MRR@10  best score: answerable p10 / p50   unanswerable p50 / p90');
  for (const name of ['hash', 'glove'] as const) {
    const modelRunsOnDev = await modelRuns(offlineModel(name), dev);
    runs.set(name, modelRunsOnDev);
    const [at1, at5, at10] = evaluateAtK(modelRunsOnDev, [1, 5, 10]);
    const best = (ok: boolean) =>
      modelRunsOnDev.filter((r) => r.relevant.length > 0 === ok).map((r) => r.hits[0]?.score ?? 0);
    console.log(
      `${name.padEnd(6)}  ${f3(at1?.recall ?? 0)}  ${f3(at5?.recall ?? 0)}  ${f3(at10?.recall ?? 0)}  ${f3(at10?.mrr ?? 0)}   ${f3(percentile(best(true), 10))} / ${f3(percentile(best(true), 50))}                  ${f3(percentile(best(false), 50))} / ${f3(percentile(best(false), 90))}`,
    );
  }
  console.log(
    `\nThe promise: at most ${pct(NO_RESULT_PROMISE.maxAnswerableEmpty)} of answerable questions told "no result".`,
  );
  const hidden = (r: QueryRun, t: number) => (r.hits[0]?.score ?? Number.NEGATIVE_INFINITY) < t;
  const effect = (name: ModelName, t: number) => {
    const list = runs.get(name) ?? [];
    const a = list.filter((r) => r.relevant.length > 0);
    const u = list.filter((r) => r.relevant.length === 0);
    return `answerable told "no result" ${pct(a.filter((r) => hidden(r, t)).length / a.length)}, unanswerable ${pct(u.filter((r) => hidden(r, t)).length / u.length)}`;
  };
  for (const name of ['hash', 'glove'] as const) {
    const t = attempt(() => chooseThreshold(runs.get(name) ?? [], NO_RESULT_PROMISE));
    if (typeof t === 'string') console.log(`${name}: chooseThreshold: ${t}`);
    else {
      thresholds.set(name, t);
      console.log(`${name}: your threshold ${f3(t)} → ${effect(name, t)}`);
    }
  }
  const hashT = thresholds.get('hash');
  const gloveT = thresholds.get('glove');
  if (hashT !== undefined && gloveT !== undefined) {
    console.log(`copied across: hash's ${f3(hashT)} on glove → ${effect('glove', hashT)}`);
    console.log(`               glove's ${f3(gloveT)} on hash → ${effect('hash', gloveT)}`);
  }

  console.log(
    `\nMigrations on dev (policy: k ${CUTOVER_POLICY.k}, recall drop ≤ ${CUTOVER_POLICY.maxRecallDrop}, "no result" drop ≤ ${CUTOVER_POLICY.maxAbstentionDrop}, ≥ ${CUTOVER_POLICY.minAnswerable} + ${CUTOVER_POLICY.minUnanswerable} questions)`,
  );
  console.log(
    'scenario                               live R@10  shadow R@10  change [95 % paired]    better/worse  "no result" (unanswerable) live / shadow  overlap  your rule',
  );
  const scenarios: [string, ModelName, ModelName, 'own' | 'live', number | undefined][] = [
    ['hash → hash (re-index)', 'hash', 'hash', 'own', undefined],
    ['hash → glove', 'hash', 'glove', 'own', undefined],
    ['glove → hash', 'glove', 'hash', 'own', undefined],
    ['hash → glove, backfill at 60 of 72', 'hash', 'glove', 'own', 60],
    ['glove → hash, live threshold copied', 'glove', 'hash', 'live', undefined],
  ];
  for (const [label, liveName, shadowName, which, backfilled] of scenarios) {
    const liveT = thresholds.get(liveName);
    const shadowT = which === 'live' ? liveT : thresholds.get(shadowName);
    if (liveT === undefined || shadowT === undefined) {
      console.log(`${label.padEnd(38)} (needs chooseThreshold)`);
      continue;
    }
    const { evidence } = await migrationEvidence(
      { model: offlineModel(liveName), threshold: liveT },
      { model: offlineModel(shadowName), threshold: shadowT },
      dev,
      CUTOVER_POLICY,
      backfilled,
    );
    const a = evidence.queries.filter((q) => q.answerable);
    const u = evidence.queries.filter((q) => !q.answerable);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    const decision = attempt(() => decideCutOver(evidence, CUTOVER_POLICY));
    const verdict =
      typeof decision === 'string'
        ? `decideCutOver: ${decision}`
        : decision.cutOver
          ? 'CUT OVER'
          : `blocked: ${decision.reasons.join('; ')}`;
    const change = pairedChange(
      a.map((q) => q.live.recall),
      a.map((q) => q.shadow.recall),
    );
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${f3(x)}`;
    const figures = `${f3(mean(a.map((q) => q.live.recall))).padStart(9)}  ${f3(mean(a.map((q) => q.shadow.recall))).padStart(11)}  ${signed(change.mean)} [${signed(change.low)}, ${signed(change.high)}]  ${`${change.better} / ${change.worse}`.padStart(12)}  ${pct(mean(u.map((q) => (q.live.shown === 0 ? 1 : 0))))} / ${pct(mean(u.map((q) => (q.shadow.shown === 0 ? 1 : 0))))}`;
    console.log(
      `${label.padEnd(38)} ${figures.padEnd(111)}${f3(mean(evidence.queries.map((q) => q.overlap)))}    ${verdict}`,
    );
  }

  console.log(
    'change: shadow minus live Recall@10 of what is shown, per answerable question; its interval says how sure these questions make it.',
  );

  const neighbours = loadNeighbours('dev');
  const data = await loadScaleData(neighbours);
  const n = neighbours.length;
  console.log(
    `\n## DoD-2 representations (${data.collection.count} × ${data.collection.dimensions}-d GloVe vectors, ${n} dev queries; budget: lose ≤ ${REPRESENTATION_BUDGET.maxRecallLoss} of Recall@10)\n`,
  );
  const rows = measureRepresentations(data);
  console.log('representation                  RAM B/vector  disk B  Recall@10  95 % low  loss   RAM for 10 M vectors');
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(31)} ${String(row.bytesPerVector).padStart(12)}  ${String(row.diskBytesPerVector).padStart(6)}  ${f3(row.recallAt10).padStart(9)}  ${f3(low(row.recallAt10, n)).padStart(8)}  ${f3(row.recallLoss)}  ${((row.bytesPerVector * 1e7) / 2 ** 30).toFixed(2).padStart(6)} GiB`,
    );
  }
  console.log(
    'GloVe vectors are not trained for truncation (Matryoshka): their first components carry no more than the rest.',
  );
  const chosen = attempt(() => chooseRepresentation(rows, REPRESENTATION_BUDGET));
  console.log(
    typeof chosen === 'string'
      ? `chooseRepresentation: ${chosen}`
      : `your representation: ${chosen.name} (${chosen.bytesPerVector} B, loss ${f3(chosen.recallLoss)} on dev)`,
  );

  console.log(
    `\n## DoD-3 HNSW (m ${QDRANT_DEFAULT_GRAPH.m}, ef_construct ${QDRANT_DEFAULT_GRAPH.efConstruct}) against exact search (${n} dev queries; target Recall@10 ≥ ${ANN_TARGET.minRecall})\n`,
  );
  const index = HnswIndex.build(data.collection, QDRANT_DEFAULT_GRAPH);
  const sweep = efSweep(index, data, EF_GRID);
  const perQueryMicros = (search: () => unknown) => {
    search();
    const started = performance.now();
    for (let i = 0; i < 5; i++) search();
    return ((performance.now() - started) * 1000) / 5 / n;
  };
  const exact = perQueryMicros(() => exactNeighbours(data.collection, data.queries, 10));
  console.log('ef    Recall@10  95 % low  µs/query (this machine, now; pnpm bench has steadier figures)');
  for (const row of sweep) {
    const micros = perQueryMicros(() => index.search(data.queries, row.ef));
    console.log(
      `${String(row.ef).padStart(3)}   ${f3(row.recallAt10).padStart(9)}  ${f3(low(row.recallAt10, n)).padStart(8)}  ${micros.toFixed(1).padStart(8)}`,
    );
  }
  console.log(
    `exact     1.000     1.000  ${exact.toFixed(1).padStart(8)}   (brute force over all ${data.collection.count} vectors)`,
  );
  const point = attempt(() => chooseOperatingPoint(sweep, QDRANT_DEFAULT_GRAPH, ANN_TARGET));
  console.log(
    typeof point === 'string'
      ? `chooseOperatingPoint: ${point}`
      : `your operating point: m ${point.m}, ef_construct ${point.efConstruct}, ef ${point.ef}`,
  );
}

main().catch((error: unknown) => {
  // One line, no stack: the usual cause is a decision that is still a TODO or throws on some input.
  console.error(`dev-report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
