/**
 * Exact top-10 on the memory store over 100,000 × 384 float32 vectors, against the
 * memory-bandwidth bound measured in the same process (one memchr pass over the same
 * number of bytes). Run: `node packages/vector/bench/memory-search.ts [rows] [dims]`.
 */
import { createMemoryVectorStore } from '../src/memory/store.ts';

const rows = Number(process.argv[2] ?? 100_000);
const dims = Number(process.argv[3] ?? 384);
const bytes = rows * dims * 4;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] as number;
}

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff - 0.5;
};

// Baseline: the fastest possible read of `bytes` bytes (SIMD memchr for an absent byte).
const scan = Buffer.alloc(bytes, 1);
const baseline: number[] = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  scan.indexOf(7);
  baseline.push(performance.now() - t);
}

for (const distance of ['cosine', 'dot', 'euclid'] as const) {
  const store = createMemoryVectorStore();
  await store.createCollection({ name: 'bench', dimensions: dims, distance });
  for (let start = 0; start < rows; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - start) }, (_, i) => ({
      id: start + i,
      vector: Array.from({ length: dims }, random),
    }));
    await store.upsert('bench', batch);
  }
  const queries = Array.from({ length: 50 }, () => Array.from({ length: dims }, random));
  for (const q of queries.slice(0, 5)) await store.search('bench', { vector: q, topK: 10 });
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await store.search('bench', { vector: q, topK: 10 });
    times.push(performance.now() - t);
  }
  const med = median(times);
  console.log(
    `${distance.padEnd(6)} ${rows}×${dims}: median ${med.toFixed(2)} ms, p95 ${p95(times).toFixed(2)} ms, ` +
      `${(1000 / med).toFixed(0)} queries/s, ${(bytes / 1e6 / med).toFixed(1)} GB/s, ` +
      `${(med / median(baseline)).toFixed(2)}× the bandwidth bound (${median(baseline).toFixed(2)} ms), ` +
      `heap+wasm rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}
