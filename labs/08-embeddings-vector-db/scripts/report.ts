/**
 * Prints the lab's measurements and writes the chart to `out/relevance.svg` (next to this
 * folder's `src/`). Default: offline embeddings + memory store. Live: set the embedding and
 * Qdrant variables of `.env.example` (e.g. `EMBEDDING_PROVIDER=openai`, `QDRANT_URL`).
 *
 *   node scripts/report.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEmbeddingModel } from '@workshop/llm';
import { createVectorStore } from '@workshop/vector';
import { renderChart } from '../src/chart.ts';
import { buildReport, formatReport } from '../src/report.ts';

// Hash pinned: the README's figures and the sweep's thresholds are the hashing model's; recalibrated for
// GloVe in a later issue (OFFLINE_EMBEDDING_MODEL=glove still selects it).
const report = await buildReport(createEmbeddingModel(process.env, { offlineModel: 'hash' }), createVectorStore());
console.log(formatReport(report));
const out = path.resolve(import.meta.dirname, '..', 'out');
mkdirSync(out, { recursive: true });
const file = path.join(out, 'relevance.svg');
writeFileSync(file, renderChart(report.atK, report.sweep, `Retrieval quality — ${report.model}, ${report.store}`));
console.log(`\nchart: ${file}`);
