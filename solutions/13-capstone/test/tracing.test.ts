/**
 * Traces: one span per request, per retrieval and per model call, with the GenAI semantic
 * conventions; the trace id in the response and in every audit entry; no prompt text or PII on a
 * span unless the operator turns content capture on (and then redacted); OTLP/HTTP export to a
 * collector — here a tiny receiver on loopback.
 */
import { createServer, type Server } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { useMockNetwork } from '@workshop/testkit';
import { MemoryAuditSink, verifyAuditLog } from '@workshop-solutions/10-agents';
import { http, passthrough } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { BREAKER_ANSWER, QUESTIONS, toServices, useServices } from './support/harness.ts';
import { openai } from './support/providers.ts';

/** The loopback OTLP receiver of the export test (its requests pass through the mock network). */
let receiverOrigin = '';
const network = useMockNetwork({
  handlers: [
    toServices,
    http.all(
      ({ request }) => receiverOrigin !== '' && request.url.startsWith(receiverOrigin),
      () => passthrough(),
    ),
  ],
});
const start = useServices();

const QUESTION = `${QUESTIONS.cache} Reply to jane.doe@example.com please.`;

function sdk() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return { exporter, provider };
}

const byName = (spans: ReadableSpan[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

describe('spans per request, retrieval and model call, with the GenAI conventions', () => {
  let provider: TracerProvider | undefined;
  afterEach(async () => {
    await provider?.shutdown();
  });

  it('traces a question: request → retrieval + chat, with model, usage and finish reason; the trace id is in the header and the audit trail', async () => {
    const traced = sdk();
    provider = traced.provider;
    network.openai.script({ content: BREAKER_ANSWER, usage: { inputTokens: 420, outputTokens: 18 } });
    const sink = new MemoryAuditSink();
    const api = await start({ chatModels: [openai()], tracerProvider: traced.provider, auditSink: sink });

    const reply = await api.ask(QUESTIONS.breaker);

    expect(reply.status, reply.text).toBe(200);
    const spans = traced.exporter.getFinishedSpans();
    const [request] = byName(spans, 'POST /v1/ask');
    const [retrieval] = byName(spans, 'retrieval ');
    const [chat] = byName(spans, 'chat ');
    expect(request?.kind).toBe(SpanKind.SERVER);
    expect(request?.attributes).toMatchObject({ 'http.route': '/v1/ask', 'http.response.status_code': 200 });
    const traceId = reply.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const span of [request, retrieval, chat]) expect(span?.spanContext().traceId).toBe(traceId);
    expect(parentOf(retrieval)).toBe(request?.spanContext().spanId);
    expect(parentOf(chat)).toBe(request?.spanContext().spanId);
    expect(retrieval?.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': expect.any(String),
    });
    expect(chat?.kind).toBe(SpanKind.CLIENT);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': expect.stringContaining('gpt-4o-mini'),
      'gen_ai.usage.input_tokens': 420,
      'gen_ai.usage.output_tokens': 18,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.request.temperature': 0,
      'gen_ai.request.max_tokens': 200,
    });
    expect(chat?.events.map((e) => e.attributes?.['capstone.attempt.outcome'])).toEqual(['success']);

    const entries = verifyAuditLog(sink.read());
    expect(entries.ok).toBe(true);
    const trail = entries.entries.filter((e) => 'runId' in e.event && e.event.runId === reply.body.requestId);
    expect(trail.length).toBeGreaterThan(3);
    for (const entry of trail) expect((entry.event as { traceId?: string }).traceId).toBe(traceId);
  });

  it('records a failed model call as an error span with every attempt, and the cache hit with no model span', async () => {
    const traced = sdk();
    provider = traced.provider;
    network.openai.fail({ fault: 'server_error', status: 503 }, 2);
    const api = await start({
      chatModels: [openai()],
      tracerProvider: traced.provider,
      config: { providerMaxAttempts: 2, providerBaseDelayMs: 1 },
    });

    const degraded = await api.ask(QUESTIONS.breaker);
    network.openai.script({ content: BREAKER_ANSWER });
    await api.ask(QUESTIONS.rollback);
    const hit = await api.ask(QUESTIONS.rollback, 'bob');

    expect(degraded.body.status).toBe('degraded');
    expect(hit.body.cached).toBe(true);
    const chats = byName(traced.exporter.getFinishedSpans(), 'chat ');
    expect(chats, 'one model span per model call: the cache hit made none').toHaveLength(2);
    const failed = chats.find((s) => s.status.code === 2);
    expect(failed?.attributes['error.type']).toBe('unavailable');
    expect(failed?.events.map((e) => e.attributes?.['capstone.attempt.outcome'])).toEqual([
      'unavailable',
      'unavailable',
    ]);
  });

  it('keeps prompt text, questions and PII off the spans unless content capture is on — and redacts them then', async () => {
    const quiet = sdk();
    provider = quiet.provider;
    const api = await start({ tracerProvider: quiet.provider });
    await api.ask(QUESTION);
    const text = JSON.stringify(quiet.exporter.getFinishedSpans().map((s) => [s.attributes, s.events]));
    expect(text).not.toContain('jane.doe');
    expect(text).not.toContain('Which requests are cached');
    expect(text).not.toMatch(/canary-|numbered sources/);

    const loud = sdk();
    const captured = await start({
      tracerProvider: loud.provider,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
    });
    await captured.ask(QUESTION);
    const [chat] = byName(loud.exporter.getFinishedSpans(), 'chat ');
    const input = String(chat?.attributes['gen_ai.input.messages']);
    expect(input).toContain('Which requests are cached');
    expect(input).toContain('[EMAIL]');
    expect(input).not.toContain('jane.doe');
    await loud.provider.shutdown();
  });

  it('continues the caller’s trace from a W3C traceparent', async () => {
    const traced = sdk();
    provider = traced.provider;
    const api = await start({ tracerProvider: traced.provider });
    const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

    const reply = await api.post(
      '/v1/ask',
      { question: QUESTIONS.breaker },
      { headers: { traceparent: `00-${caller.traceId}-${caller.spanId}-01` } },
    );

    expect(reply.headers.get('x-trace-id')).toBe(caller.traceId);
    const [request] = byName(traced.exporter.getFinishedSpans(), 'POST /v1/ask');
    expect(parentOf(request)).toBe(caller.spanId);
  });
});

describe('OTLP/HTTP export', () => {
  let receiver: Server | undefined;
  afterEach(async () => {
    receiverOrigin = '';
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  });

  it('sends the spans to OTEL_EXPORTER_OTLP_ENDPOINT (/v1/traces)', async () => {
    const received: { path: string; type: string; body: Buffer }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    receiverOrigin = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    const api = await start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiverOrigin, OTEL_SERVICE_NAME: 'capstone-test' },
    });

    const reply = await api.ask(QUESTIONS.breaker);
    await api.service.components.tracing.flush();

    const traceId = reply.headers.get('x-trace-id') ?? '';
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]?.path).toBe('/v1/traces');
    const all = Buffer.concat(received.map((r) => r.body));
    const carries = received[0]?.type.includes('json')
      ? all.toString('utf8').includes(traceId)
      : all.includes(Buffer.from(traceId, 'hex'));
    expect(carries, `the export carries trace ${traceId}`).toBe(true);
    expect(all.toString('utf8')).toContain('capstone-test');
    expect(all.toString('utf8')).toContain('gen_ai.usage.input_tokens');
  });
});
