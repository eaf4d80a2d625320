/**
 * Offline embedding speed: the GloVe table's cold load and the fit of its common component (the
 * first `embed` of a process pays both), then the throughput of the hashing and GloVe models on the
 * 510 support questions of `data/pairs/`.
 * Run: `node packages/llm/bench/embed.bench.ts` (also part of `pnpm bench`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GloveEmbeddingModel, gloveEmbedding, loadGloveTable, OfflineEmbeddingModel } from '../src/index.ts';
import type { EmbeddingModel } from '../src/spec/embedding.ts';

const texts = ['dev', 'test'].flatMap((split) =>
  readFileSync(path.join(import.meta.dirname, '..', 'data', 'pairs', `pairs.${split}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .flatMap((line) => {
      const { a, b } = JSON.parse(line) as { a: string; b: string };
      return [a, b];
    }),
);

function median(values: number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
}

const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const table = await loadGloveTable();
const loadMs = performance.now() - started;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
const fitStarted = performance.now();
gloveEmbedding('refund', table); // fits the common component, once per process
const fitMs = performance.now() - fitStarted;
console.log(
  `GloVe table cold load: ${loadMs.toFixed(1)} ms (+${heapMb.toFixed(0)} MB heap); common component fit: ${fitMs.toFixed(1)} ms`,
);

for (const model of [new OfflineEmbeddingModel(), new GloveEmbeddingModel()] as EmbeddingModel[]) {
  for (let i = 0; i < 3; i++) await model.embed(texts); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await model.embed(texts);
    runs.push(performance.now() - t);
  }
  const perText = (median(runs) * 1000) / texts.length;
  console.log(
    `${model.modelId.padEnd(13)} ${model.dimensions}d: ${perText.toFixed(1)} µs/text, ` +
      `${Math.round(texts.length / (median(runs) / 1000)).toLocaleString('en')} texts/s (median of 15 batches of ${texts.length})`,
  );
}
