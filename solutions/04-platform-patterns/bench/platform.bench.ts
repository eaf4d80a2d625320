/**
 * Benchmark: what batching and caching buy, against an in-process upstream with a fixed latency
 * (no network, so the figures show the patterns, not the Internet).
 *
 *   node solutions/04-platform-patterns/bench/platform.bench.ts
 *
 * 1. Batching: N concurrent `embed(text)` calls through `EmbeddingBatcher` → API calls made.
 * 2. Caching: latency of a `ResponseCache` hit vs a miss, and of a `SemanticCache` hit,
 *    measured in the same process (median, p95, ratio).
 */
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type EmbeddingModel,
  type EmbeddingResult,
  OfflineChatModel,
  OfflineEmbeddingModel,
} from '@workshop/llm';
import { EmbeddingBatcher } from '../src/embedding-batcher.ts';
import { acceptHit } from '../src/hit-policy.ts';
import { ResponseCache } from '../src/response-cache.ts';
import { SemanticCache } from '../src/semantic-cache.ts';

const UPSTREAM_LATENCY_MS = 20;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The offline embedder behind a fixed delay per call, counting its calls. */
class SlowEmbeddingModel implements EmbeddingModel {
  readonly inner = new OfflineEmbeddingModel();
  readonly provider = 'bench';
  readonly modelId = 'offline-hash';
  readonly version = this.inner.version;
  readonly dimensions = this.inner.dimensions;
  readonly normalized = true;
  readonly maxBatchSize = 2048;
  calls = 0;
  async embed(texts: string[]): Promise<EmbeddingResult> {
    this.calls += 1;
    await sleep(UPSTREAM_LATENCY_MS);
    return this.inner.embed(texts);
  }
}

/** The offline chat model behind a fixed delay per call. */
class SlowChatModel implements ChatModel {
  readonly inner = new OfflineChatModel();
  readonly provider = 'bench';
  readonly modelId = 'offline-extractive';
  readonly capabilities = this.inner.capabilities;
  async generate(request: ChatRequest): Promise<ChatResponse> {
    await sleep(UPSTREAM_LATENCY_MS);
    return this.inner.generate(request);
  }
  stream(request: ChatRequest) {
    return this.inner.stream(request);
  }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

async function benchBatching() {
  console.log(`\nBatching — concurrent embed(text) calls, upstream ${UPSTREAM_LATENCY_MS} ms per call, maxWaitMs 5`);
  console.log('| concurrent requests | max batch | API calls | calls saved |');
  console.log('|---:|---:|---:|---:|');
  for (const [requests, maxBatchSize] of [
    [10, 64],
    [100, 64],
    [1000, 64],
    [1000, 256],
  ] as const) {
    const model = new SlowEmbeddingModel();
    const batcher = new EmbeddingBatcher({ model, maxBatchSize, maxWaitMs: 5 });
    const texts = Array.from({ length: requests }, (_, i) => `support question number ${i} about kettle ${i % 17}`);
    await Promise.all(texts.map((text) => batcher.embed(text)));
    const saved = requests - model.calls;
    console.log(
      `| ${requests} | ${maxBatchSize} | ${model.calls} | ${saved} (${((saved / requests) * 100).toFixed(1)}%) |`,
    );
  }
}

async function benchCaching() {
  const rounds = 60;
  const model = new SlowChatModel();
  const cache = new ResponseCache({ maxEntries: 1_000, ttlMs: 60_000 });
  const requests: ChatRequest[] = Array.from({ length: rounds }, (_, i) => ({
    messages: [
      { role: 'system', content: 'Answer from the context.' },
      {
        role: 'user',
        content: `Context: kettle K-${i} boils 1.7 litres in ${90 + i} seconds. Question: how fast is K-${i}?`,
      },
    ],
    temperature: 0,
  }));
  const misses: number[] = [];
  for (const request of requests) misses.push(await timed(() => cache.generate(model, request)));
  const hits: number[] = [];
  for (const request of requests) hits.push(await timed(() => cache.generate(model, request)));

  const semantic = new SemanticCache({ accept: acceptHit });
  const questions = requests.map((_, i) => `How fast does kettle K-${i} boil a full jug?`);
  for (const question of questions) await semantic.store(question, 'About 90 seconds.');
  const semanticHits: number[] = [];
  for (const question of questions) {
    semanticHits.push(await timed(() => semantic.lookup(question.toLowerCase())));
  }

  const miss = summary(misses);
  const hit = summary(hits);
  const semanticHit = summary(semanticHits);
  console.log(`\nCaching — ${rounds} distinct requests, upstream ${UPSTREAM_LATENCY_MS} ms per call`);
  console.log('| path | median | p95 | median vs miss |');
  console.log('|---|---:|---:|---:|');
  console.log(`| exact cache miss (calls upstream) | ${fmt(miss.median)} | ${fmt(miss.p95)} | 1× |`);
  console.log(
    `| exact cache hit | ${fmt(hit.median)} | ${fmt(hit.p95)} | ${(miss.median / hit.median).toFixed(0)}× faster |`,
  );
  console.log(
    `| semantic cache hit (${semantic.stats().size} entries, offline embedder) | ${fmt(semanticHit.median)} | ${fmt(semanticHit.p95)} | ${(miss.median / semanticHit.median).toFixed(0)}× faster |`,
  );
  const stats = cache.stats();
  console.log(`exact cache: hit rate ${(stats.hitRate * 100).toFixed(0)}%, tokens saved ${stats.tokensSaved}`);
}

await benchBatching();
await benchCaching();
