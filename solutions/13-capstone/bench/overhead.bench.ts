/**
 * `pnpm bench`: what the service adds to a model call. The same open-loop load runs against a fake
 * OpenAI-compatible upstream with a fixed latency on loopback: once directly, once through the service
 * (`POST /v1/ask`: admission, guards, retrieval, context, prompt, cache, budget, chain, groundedness,
 * audit, metrics), at a sweep of offered rates up to the target (500 requests/s).
 *
 * How overhead is measured, per request: the latency the load generator sees through the service minus
 * the time the service spent waiting for the provider (Server-Timing `model`, as timed around the
 * provider call: the upstream's fixed latency, its loopback round trip and the `openai` client). That
 * leaves everything the service adds: the client's hop to it, HTTP parsing, queueing, the pipeline, the
 * JSON answer. The difference of the latency percentiles (through − direct) is reported as well; it
 * also charges the `openai` client and the second loopback hop to the service. Server-Timing splits
 * each request further: `queue` (admission), `pipeline` (the pipeline's own work: retrieval, guards,
 * prompt, cache, budget, groundedness, audit), the rest is HTTP and middleware (`framework`).
 *
 * A last phase repeats eight questions the cache already holds: no provider call, so its latency is the
 * service's whole cost without a model. CPU per request of every thread is reported from
 * `process.threadCpuUsage()`, so a saturated generator or upstream would show.
 *
 * Threads: this one generates the load (node:http, keep-alive, open loop: request i is sent at i/rate
 * whatever the answers do), one runs the service, one the upstream. Loopback only; bounded: at most
 * 4 s of load per phase, under two minutes in all, and a hard stop at three.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** Offered rates (requests/s) of the sweep; each phase runs `PHASE_SECONDS` of load. */
const RATES = [50, 100, 200, 300, 400, 500] as const;
const PHASE_SECONDS = 4;
const WARMUP = { rate: 100, requests: 400 };
const UPSTREAM_LATENCY_MS = 20;
const TARGET_RATE = 500;
const TARGET_P99_MS = 2;
/** A request that takes longer counts as failed (the bench never hangs on one). */
const REQUEST_TIMEOUT_MS = 10_000;
const HARD_STOP_MS = 180_000;

interface Role {
  role: 'upstream' | 'service';
  upstreamUrl?: string;
}

/** CPU time of the calling thread, in ms. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** Answers `cpu` messages with the thread's CPU time, so the main thread can charge it to a phase. */
function reportCpu(): void {
  parentPort?.on('message', (message: string) => {
    if (message === 'cpu') parentPort?.postMessage({ cpuMs: threadCpuMs() });
  });
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
  reportCpu();
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
  reportCpu();
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

/** A worker's CPU time in ms. */
function cpuOf(worker: Worker): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpuMs?: number }) => {
      if (message.cpuMs === undefined) return;
      worker.off('message', onMessage);
      resolve(message.cpuMs);
    };
    worker.on('message', onMessage);
    worker.postMessage('cpu');
  });
}

/** Keep-alive sockets for the generator: no connection setup in the measured latency. */
const agent = new Agent({ keepAlive: true, maxSockets: 1_024 });

interface Reply {
  status: number;
  /** Server-Timing entries by name, in ms. */
  timing: Record<string, number>;
}

/** One POST on loopback with node:http (far cheaper per request than fetch, so the generator stays light). */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const timing: Record<string, number> = {};
          const header = res.headers['server-timing'];
          for (const m of String(header ?? '').matchAll(/(\w+);dur=([\d.]+)/g)) timing[m[1] as string] = Number(m[2]);
          resolve({ status: res.statusCode ?? 0, timing });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Sample {
  latency: number;
  timing: Record<string, number>;
}

interface PhaseResult {
  samples: Sample[];
  errors: number;
  /** Completed requests per second, from the first send to the last answer. */
  achieved: number;
  /** How late the generator sent requests (ms past their due time), p99. */
  sendLagP99: number;
}

/** One phase of open-loop load: request i is sent at `i / rate` seconds, whatever the answers do. */
async function load(rate: number, count: number, send: (i: number) => Promise<Reply>): Promise<PhaseResult> {
  const samples: Sample[] = [];
  const lags: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let last = started;
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    lags.push(Math.max(0, sent - due));
    pending.push(
      send(i).then(
        (reply) => {
          last = performance.now();
          if (reply.status !== 200) errors += 1;
          else samples.push({ latency: last - sent, timing: reply.timing });
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { samples, errors, achieved: samples.length / ((last - started) / 1000), sendLagP99: percentile(lags, 99) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const f = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(2) : '—');

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
  setTimeout(() => {
    process.stderr.write(`bench: hard stop after ${HARD_STOP_MS / 1000} s\n`);
    process.exit(2);
  }, HARD_STOP_MS).unref();
  const up = await start({ role: 'upstream' });
  const svc = await start({ role: 'service', upstreamUrl: up.url });
  // A distinct question per request (the counter) so every request misses the cache and calls the upstream.
  let counter = 0;
  const ask = (question: string) =>
    post(`${svc.url}/v1/ask`, JSON.stringify({ question }), { 'x-user-id': `bench-${counter % 100}` });
  const miss = () => {
    counter += 1;
    return ask(`${QUESTIONS[counter % QUESTIONS.length]} (#${counter})`);
  };

  await load(WARMUP.rate, WARMUP.requests, miss);
  for (const question of QUESTIONS) await ask(question); // fills the cache for the cache-hit phase
  // The direct phase sends the body the service really sends (captured by the upstream).
  const body = await new Promise<string>((resolve, reject) => {
    httpRequest(`${up.url}/last-body`, { agent }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
  const direct = () => post(`${up.url}/v1/chat/completions`, body);

  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  let targetLine = '';
  const passing: number[] = [];
  /** Runs one phase and charges each thread's CPU time to it. */
  const measure = async (name: string, rate: number, send: (i: number) => Promise<Reply>) => {
    const before = { main: threadCpuMs(), svc: await cpuOf(svc.worker), up: await cpuOf(up.worker) };
    const result = await load(rate, rate * PHASE_SECONDS, send);
    const after = { main: threadCpuMs(), svc: await cpuOf(svc.worker), up: await cpuOf(up.worker) };
    const n = result.samples.length + result.errors;
    const per = (key: keyof typeof before) => f((after[key] - before[key]) / n);
    cpuRows.push([name, String(rate), per('main'), per('svc'), per('up'), f(result.sendLagP99)]);
    return result;
  };
  const pair = (values: number[]) => `${f(percentile(values, 50))} / ${f(percentile(values, 99))}`;
  const triple = (values: number[]) => [50, 95, 99].map((p) => f(percentile(values, p))).join(' / ');

  for (const rate of RATES) {
    const d = await measure('direct', rate, direct);
    const t = await measure('through, cache miss', rate, miss);
    const lat = (r: PhaseResult) => r.samples.map((s) => s.latency);
    const timing = (name: string) => t.samples.map((s) => s.timing[name] ?? Number.NaN);
    const overhead = t.samples.map((s) => s.latency - (s.timing.model ?? 0));
    const framework = t.samples.map(
      (s) => s.latency - (s.timing.model ?? 0) - (s.timing.pipeline ?? 0) - (s.timing.queue ?? 0),
    );
    const diff = (p: number) => f(percentile(lat(t), p) - percentile(lat(d), p));
    rows.push([
      String(rate),
      `${f(d.achieved)} / ${f(t.achieved)}`,
      pair(lat(d)),
      pair(lat(t)),
      `${diff(50)} / ${diff(99)}`,
      `**${triple(overhead)}**`,
      f(percentile(timing('queue'), 99)),
      pair(timing('pipeline')),
      pair(framework),
      String(t.errors),
    ]);
    const p99 = percentile(overhead, 99);
    if (p99 < TARGET_P99_MS && t.errors === 0) passing.push(rate);
    if (rate === TARGET_RATE) {
      targetLine = `target: p99 overhead < ${TARGET_P99_MS} ms at ${TARGET_RATE} req/s — ${p99 < TARGET_P99_MS && t.errors === 0 ? 'met' : 'NOT met'} (p99 ${f(p99)} ms, achieved ${f(t.achieved)} req/s, ${t.errors} shed or failed)`;
    }
  }
  // Eight questions the cache holds: the whole pipeline runs, the provider call does not.
  const hits = await measure('through, cache hit', TARGET_RATE, (i) => ask(QUESTIONS[i % QUESTIONS.length] as string));
  const hitLatency = hits.samples.map((s) => s.latency);
  const hitPipeline = hits.samples.map((s) => s.timing.pipeline ?? Number.NaN);
  const hitFramework = hits.samples.map((s) => s.latency - (s.timing.pipeline ?? 0) - (s.timing.queue ?? 0));

  // Markdown tables: the README quotes them as printed.
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  const rule = (n: number) => line(Array.from({ length: n }, () => '---:'));
  process.stdout.write(
    [
      `capstone overhead: upstream latency ${UPSTREAM_LATENCY_MS} ms, loopback, ${PHASE_SECONDS} s per phase, 3 threads (generator, service, upstream) on ${availableParallelism()} cores; all times in ms`,
      '',
      line([
        'offered req/s',
        'achieved req/s direct / through',
        'direct p50 / p99',
        'through p50 / p99',
        'difference p50 / p99',
        'overhead p50 / p95 / p99',
        'queue p99',
        'pipeline p50 / p99',
        'HTTP + framework p50 / p99',
        'errors',
      ]),
      rule(10),
      ...rows.map(line),
      '',
      `cache hits at ${TARGET_RATE} req/s (no provider call): latency p50 / p95 / p99 ${triple(hitLatency)}; pipeline ${pair(hitPipeline)}; HTTP + framework ${pair(hitFramework)}; achieved ${f(hits.achieved)} req/s, ${hits.errors} errors`,
      '',
      line([
        'phase',
        'offered req/s',
        'generator CPU/req',
        'service CPU/req',
        'upstream CPU/req',
        'generator send lag p99',
      ]),
      rule(6),
      ...cpuRows.map(line),
      '',
      `highest offered rate with p99 overhead < ${TARGET_P99_MS} ms and no errors: ${passing.length > 0 ? `${Math.max(...passing)} req/s` : 'none'}`,
      targetLine,
      '',
    ].join('\n'),
  );

  svc.worker.postMessage('stop');
  await new Promise((resolve) => svc.worker.once('message', (m: { stopped?: boolean }) => m.stopped && resolve(m)));
  await svc.worker.terminate();
  await up.worker.terminate();
  agent.destroy();
}

// Last, so every declaration above is initialised: this file is the main thread and both workers.
if (isMainThread) await main();
else if ((workerData as Role).role === 'upstream') await upstream();
else await service((workerData as Role).upstreamUrl ?? '');
