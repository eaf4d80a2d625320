/**
 * Traces, next to the metrics: one span per request, one per retrieval and one per model call,
 * with the OpenTelemetry GenAI semantic conventions (`gen_ai.*`: operation, provider, models,
 * token usage, finish reasons). Spans carry no prompt, question or answer text unless
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` (the variable OpenTelemetry's GenAI
 * instrumentations use), and even then PII is redacted first.
 *
 * Export is OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `…_TRACES_ENDPOINT`) is set; without
 * it spans are still made (the trace id goes in the `x-trace-id` header and the audit trail) and
 * dropped. Parents are passed explicitly (no global context manager), and an incoming W3C
 * `traceparent` continues the caller's trace.
 */
import { type Context, defaultTextMapGetter, ROOT_CONTEXT, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider as SdkTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * The GenAI attribute names (semantic conventions for generative AI, "Development" status: the
 * names are copied here, as OpenTelemetry recommends for unstable conventions, rather than
 * imported from the package's incubating entry point).
 */
export const GEN_AI = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  maxTokens: 'gen_ai.request.max_tokens',
  temperature: 'gen_ai.request.temperature',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  dataSource: 'gen_ai.data_source.id',
  queryText: 'gen_ai.retrieval.query.text',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
} as const;

/** The service's tracer and what it may record. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Whether prompt, question and answer text (PII-redacted) may go on spans. */
  readonly captureContent: boolean;
  /** The context an incoming request continues (its `traceparent`), or the root. */
  extract(headers: Record<string, string | string[] | undefined>): Context;
  /** Export what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  /** Flush and stop exporting. */
  shutdown(): Promise<void>;
}

/** Options of `createTracing`. */
export interface TracingOptions {
  /** Environment: `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_SERVICE_NAME`, `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A provider of the caller's (tests: with an in-memory exporter). Default: one built from `env`. */
  provider?: TracerProvider;
}

const propagator = new W3CTraceContextPropagator();

/** The OTLP/HTTP traces URL the environment asks for, or undefined. */
export function tracesUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

export function createTracing(options: TracingOptions = {}): Tracing {
  const env = options.env ?? {};
  const url = tracesUrl(env);
  const processors: SpanProcessor[] = url ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })] : [];
  const owned = options.provider
    ? undefined
    : new SdkTracerProvider({
        resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || 'workshop-capstone' }),
        spanProcessors: processors,
      });
  const provider = options.provider ?? (owned as TracerProvider);
  const sdk = provider as Partial<SdkTracerProvider>;
  return {
    tracer: provider.getTracer('workshop-capstone'),
    captureContent: env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toLowerCase() === 'true',
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    flush: async () => {
      await sdk.forceFlush?.();
    },
    // A provider the caller passed in is the caller's to shut down.
    shutdown: async () => {
      await owned?.shutdown();
    },
  };
}
