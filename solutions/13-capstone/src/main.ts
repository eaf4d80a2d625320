/**
 * `pnpm start`: the service on the embedded default (offline models, memory vector store, the
 * workshop's lab briefs as the corpus unless `CAPSTONE_CORPUS_DIR` names a folder of notes, state in memory, a session cookie per visitor), or on live
 * providers, Redis, API keys and an OTLP collector when their variables are set (see the README).
 * `CAPSTONE_WORKERS=N` runs N processes on the port. Given code: the same file in the starter and
 * the solution.
 */
import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmbeddingModel } from '@workshop/llm';
import { createVectorStore } from '@workshop/vector';
import { superviseCluster, workerIndex, workersFrom } from './cluster.ts';
import { configFromEnv } from './config.ts';
import { corpusFromEnv } from './corpus.ts';
import { chatModelsFromEnv } from './providers.ts';
import { createService } from './service.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const workers = workersFrom(env);
  if (workers > 1 && cluster.isPrimary) {
    superviseCluster({ workers, env, log });
    return;
  }
  const index = workerIndex(env);
  const defaultAudit = path.join(tmpdir(), 'workshop-capstone', 'audit.jsonl');
  const configured = env.CAPSTONE_AUDIT_FILE?.trim() || defaultAudit;
  // One hash chain per process: workers appending to one file would interleave two chains.
  const auditFile = index === undefined ? configured : configured.replace(/(\.jsonl)?$/, `.worker-${index}$1`);
  mkdirSync(path.dirname(auditFile), { recursive: true });
  const documents = corpusFromEnv(env);
  const service = await createService({
    config: configFromEnv(env),
    documents,
    chatModels: chatModelsFromEnv(env),
    // Hash pinned: the cache and RAG thresholds were calibrated on it; recalibrated for GloVe in a later issue.
    embedder: createEmbeddingModel(env, { offlineModel: 'hash' }),
    vectorStore: createVectorStore(env),
    auditFile,
    env,
    defaultMetrics: true,
  });
  const port = Number(env.PORT ?? 3013);
  const url = await service.listen(Number.isInteger(port) && port >= 0 ? port : 3013, env.HOST ?? '127.0.0.1');
  if (index === undefined || index === 1) {
    const { chain, state } = service.components;
    const identity = env.CAPSTONE_API_KEYS?.trim() ? 'API keys' : 'session cookies';
    log(
      `ask the workshop: ${url}  (${documents.length} briefs, models ${chain.modelId}, state ${state.kind}, ` +
        `identity ${identity}, audit ${auditFile})\n` +
        `metrics: ${url}/metrics  ready: ${url}/readyz  — Ctrl-C drains and stops`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl-C: do not wait. (A worker gets each signal twice, from the terminal and from the
    // primary; the primary decides, and a worker whose primary is gone exits below.)
    if (stopping) {
      if (index === undefined) process.exit(1);
      return;
    }
    stopping = true;
    if (index === undefined) log(`${signal}: finishing in-flight requests…`);
    // Ctrl-C is a person at a terminal: no load balancer needs the drain notice.
    service.close(signal === 'SIGINT' ? { noticeMs: 0 } : {}).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (index !== undefined) process.on('disconnect', () => process.exit(1));
}

main().catch((error: unknown) => {
  // A configuration mistake is one line naming the variable, not a stack trace.
  process.stderr.write(`capstone: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
