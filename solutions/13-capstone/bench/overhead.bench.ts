/**
 * `pnpm bench`: what the service adds to a model call. The same open-loop load (500 requests/s)
 * runs twice against a fake OpenAI-compatible upstream with a fixed latency on loopback: once
 * directly, once through the service (`POST /v1/ask`: guards, retrieval, prompt, budget, chain,
 * groundedness, audit, metrics). Reported: p50/p95/p99 of each, the difference of the percentiles,
 * the in-service overhead per request (Server-Timing `total − model`), and the throughput.
 *
 * Two loads: a light one (50 req/s: the overhead itself) and the target (500 req/s: the overhead
 * under load, shedding included). Three threads: this one generates load, one runs the service,
 * one the upstream. Bounded: 4,900 requests, under a minute; loopback only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** The target load, and a light load that shows the overhead without queueing. */
const PHASES = [
  { name: 'light', rate: 50, requests: 300 },
  { name: 'target', rate: 500, requests: 2_000 },
] as const;
const WARMUP = { rate: 100, requests: 300 };
const UPSTREAM_LATENCY_MS = 20;
const TARGET_P99_MS = 2;

interface Role {
  role: 'upstream' | 'service';
  upstreamUrl?: string;
}

/** A fake OpenAI chat endpoint: waits a fixed time, answers with the first cited source line. */
async function upstream(): Promise<void> {
  let lastBody = '';
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/last-body') {
      res.setHeader('content-type', 'application/json');
      res.end(lastBody);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      lastBody = text;
      const body = JSON.parse(text) as { messages: { role: string; content: string }[] };
      const sources = body.messages.find((m) => m.role === 'user')?.content ?? '';
      // A grounded answer: the first sentence the sources carry with a marker.
      const line = sources.split('\n').find((l) => /\[\d+\][.!?:;]?$/.test(l.trim())) ?? "I don't know.";
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: 'chatcmpl-bench',
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: 'gpt-4o-mini',
            choices: [{ index: 0, message: { role: 'assistant', content: line.trim() }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 400, completion_tokens: 30, total_tokens: 430 },
          }),
        );
      }, UPSTREAM_LATENCY_MS);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  parentPort?.postMessage({ url: `http://127.0.0.1:${address.port}` });
}

/** The service on the workshop corpus, with the fake upstream as its only provider. */
async function service(upstreamUrl: string): Promise<void> {
  const { OpenAIChatModel } = await import('@workshop/llm');
  const { FileAuditSink } = await import('@workshop-solutions/10-agents');
  const { createService } = await import('../src/service.ts');
  const { loadWorkshopCorpus } = await import('../src/corpus.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'capstone-bench-'));
  const api = await createService({
    documents: loadWorkshopCorpus(),
    chatModels: [new OpenAIChatModel({ apiKey: 'bench', baseURL: `${upstreamUrl}/v1`, model: 'gpt-4o-mini' })],
    auditSink: new FileAuditSink(path.join(dir, 'audit.jsonl')),
    config: { maxConcurrent: 64, maxQueue: 512, perUserDailyTokens: 100_000_000 },
    log: () => {},
  });
  const url = await api.listen(0, '127.0.0.1');
  parentPort?.on('message', async (message: string) => {
    if (message !== 'stop') return;
    await api.close();
    rmSync(dir, { recursive: true, force: true });
    parentPort?.postMessage({ stopped: true });
  });
  parentPort?.postMessage({ url });
}

function start(role: Role): Promise<{ worker: Worker; url: string }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: role });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve({ worker, url: message.url }));
    worker.once('error', reject);
  });
}

/** One phase of open-loop load: request i is sent at `i / rate` seconds, whatever the answers do. */
async function load(
  rate: number,
  count: number,
  send: (i: number) => Promise<Response>,
): Promise<{ latencies: number[]; overheads: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  const overheads: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      send(i).then(
        async (response) => {
          await response.arrayBuffer();
          latencies.push(performance.now() - sent);
          if (!response.ok) errors += 1;
          const timing = response.headers.get('server-timing');
          const model = /model;dur=([\d.]+)/.exec(timing ?? '')?.[1];
          const total = /total;dur=([\d.]+)/.exec(timing ?? '')?.[1];
          if (model && total) overheads.push(Number(total) - Number(model));
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { latencies, overheads, errors, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One line of percentiles. */
function row(name: string, values: number[]): string {
  const at = (p: number) => percentile(values, p).toFixed(2).padStart(7);
  return `${name.padEnd(34)} p50 ${at(50)} ms   p95 ${at(95)} ms   p99 ${at(99)} ms`;
}

const QUESTIONS = [
  'How does the circuit breaker decide to open?',
  'What does the offline provider do?',
  'How are prompt versions labelled?',
  'How is PII redacted from answers?',
  'What is reciprocal rank fusion?',
  'How do token budgets work?',
  'What is the hash-chained audit log?',
  'How do I run the tests of a lab?',
];

async function main(): Promise<void> {
  const up = await start({ role: 'upstream' });
  const svc = await start({ role: 'service', upstreamUrl: up.url });
  // A distinct question per request (the counter) so every request misses the cache and calls the upstream.
  const ask = (i: number) =>
    fetch(`${svc.url}/v1/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': `bench-${i % 100}` },
      body: JSON.stringify({ question: `${QUESTIONS[i % QUESTIONS.length]} (#${i})` }),
    });

  let offset = 0;
  await load(WARMUP.rate, WARMUP.requests, (i) => ask(i));
  offset += WARMUP.requests;
  // The direct phase sends the body the service really sends (captured by the upstream).
  const body = await (await fetch(`${up.url}/last-body`)).text();
  const lines = [
    `capstone overhead: upstream latency ${UPSTREAM_LATENCY_MS} ms, loopback, 3 threads on ${availableParallelism()} cores`,
  ];
  let verdict = '';
  for (const phase of PHASES) {
    const direct = await load(phase.rate, phase.requests, () =>
      fetch(`${up.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    );
    const base = offset;
    const through = await load(phase.rate, phase.requests, (i) => ask(base + i));
    offset += phase.requests;
    const diff = (p: number) => (percentile(through.latencies, p) - percentile(direct.latencies, p)).toFixed(2);
    lines.push(
      `— ${phase.name}: ${phase.requests} requests at ${phase.rate} req/s`,
      row('direct to the upstream', direct.latencies),
      row('through the service (/v1/ask)', through.latencies),
      `${'difference of percentiles'.padEnd(34)} p50 ${diff(50).padStart(7)} ms   p95 ${diff(95).padStart(7)} ms   p99 ${diff(99).padStart(7)} ms`,
      row('in-service overhead (total-model)', through.overheads),
      `${'throughput'.padEnd(34)} direct ${(phase.requests / direct.seconds).toFixed(0)} req/s, through ${(phase.requests / through.seconds).toFixed(0)} req/s; errors (429 shed included): direct ${direct.errors}, through ${through.errors}`,
    );
    if (phase.name === 'target') {
      const p99 = percentile(through.overheads, 99);
      verdict = `target: p99 in-service overhead < ${TARGET_P99_MS} ms at ${phase.rate} req/s — ${p99 < TARGET_P99_MS && through.errors === 0 ? 'met' : 'NOT met'} (p99 ${p99.toFixed(2)} ms, ${through.errors} shed or failed)`;
    }
  }
  process.stdout.write(`${[...lines, verdict].join('\n')}\n`);

  svc.worker.postMessage('stop');
  await new Promise((resolve) => svc.worker.once('message', resolve));
  await svc.worker.terminate();
  await up.worker.terminate();
}

// Last, so every declaration above is initialised: this file is the main thread and both workers.
if (isMainThread) await main();
else if ((workerData as Role).role === 'upstream') await upstream();
else await service((workerData as Role).upstreamUrl ?? '');
