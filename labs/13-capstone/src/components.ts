/**
 * The composition root: every reference pattern built once, configured from `ServiceConfig`,
 * and wired to the metrics. Swapping a piece for a product's own (a Redis cache, a database
 * audit sink, Qdrant) happens here and nowhere else.
 */
import type { TracerProvider } from '@opentelemetry/api';
import { type ChatModel, type EmbeddingModel, OfflineChatModel, OfflineEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore, type VectorStore } from '@workshop/vector';
import { type FallbackChatModel, resilientChain } from '@workshop-solutions/03-providers';
import { ResponseCache } from '@workshop-solutions/04-platform-patterns/response-cache.ts';
import { TokenBudget } from '@workshop-solutions/04-platform-patterns/token-budget.ts';
import { type LabelStore, PromptRepository } from '@workshop-solutions/05-prompt-engineering';
import { createCanary, type Incident, IncidentLog, SafetyPolicy } from '@workshop-solutions/06-safety';
import {
  createKnowledgeBase,
  type Escalation,
  type KnowledgeBase,
  type SourceDocument,
} from '@workshop-solutions/09-rag';
import { AuditLog, type AuditSink, FileAuditSink, MemoryAuditSink } from '@workshop-solutions/10-agents';
import { AdmissionQueue } from './admission.ts';
import { UserActivity } from './adoption.ts';
import { AskPipeline } from './ask.ts';
import { resolveConfig, type ServiceConfig } from './config.ts';
import { PROMPTS_DIR } from './corpus.ts';
import { FeedbackBook } from './feedback.ts';
import { Authenticator, newSessionSecret, parseApiKeys } from './identity.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { PromptSource } from './prompt-source.ts';
import { MemoryStateStore } from './state/memory.ts';
import type { StateStore } from './state/store.ts';

/** Where unanswered questions go by default. */
export const DEFAULT_ESCALATION: Escalation = {
  team: 'the workshop instructors',
  contact: 'the #workshop channel',
};

/** Everything a service is built from; all but `documents` have an embedded default. */
export interface ServiceOptions {
  /** Overrides of `DEFAULT_CONFIG`. */
  config?: Partial<ServiceConfig>;
  /** The corpus to answer from. */
  documents: SourceDocument[];
  /** Chat models in order of preference (primary first). Default: the offline simulator. */
  chatModels?: ChatModel[];
  /** Embedding model. Default: the offline hashing embedder. */
  embedder?: EmbeddingModel;
  /** Vector store. Default: in memory. */
  vectorStore?: VectorStore;
  /** Folder of the versioned prompts. Default: `labs/13-capstone/prompts`. */
  promptsDir?: string;
  /** Label log of the prompts. Default: `labels.jsonl` in `promptsDir`. */
  labelStore?: LabelStore;
  /** Where the audit trail is written. Default: in memory. */
  auditSink?: AuditSink;
  /** Wall clock in ms since the epoch (budget days, adoption, audit times). Default `Date.now`. */
  now?: () => number;
  /** Who takes questions the service cannot answer. */
  escalation?: Escalation;
  /** Export Node's process metrics too. Default false. */
  defaultMetrics?: boolean;
  /** Server-side log of unexpected errors (one object per line). Default: JSON on stderr. */
  log?: (entry: Record<string, unknown>) => void;
  /** A JSONL audit file (instead of `auditSink`). */
  auditFile?: string;
  /** The shared state (ratings, adoption). Default: this process's memory. */
  state?: StateStore;
  /** API keys by user. Default: `CAPSTONE_API_KEYS` from `env`; none → session cookies. */
  apiKeys?: Record<string, string>;
  /** Secret of the session cookies (the reference's identity without keys). */
  sessionSecret?: string;
  /** A tracer provider (the reference traces every request). */
  tracerProvider?: TracerProvider;
  /** The variables the runtime pieces read (`REDIS_URL`, `CAPSTONE_API_KEYS`, `OTEL_*`…). Default none. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The built pieces. */
export interface Components {
  config: ServiceConfig;
  metrics: ServiceMetrics;
  chain: FallbackChatModel;
  store: VectorStore;
  knowledgeBase: KnowledgeBase;
  prompts: PromptSource;
  policy: SafetyPolicy;
  audit: AuditLog;
  users: UserActivity;
  feedback: FeedbackBook;
  admission: AdmissionQueue;
  pipeline: AskPipeline;
  escalation: Escalation;
  now: () => number;
  log: (entry: Record<string, unknown>) => void;
  /** The shared state. */
  state: StateStore;
  /** Who is asking: API keys or session cookies. */
  auth: Authenticator;
  /** The Prometheus text of `/metrics`. */
  metricsText(): Promise<string>;
  /** Release what the pieces hold open. */
  close(): Promise<void>;
}

/** Build every piece and index the corpus. */
export async function createComponents(options: ServiceOptions): Promise<Components> {
  const config = resolveConfig(options.config);
  const now = options.now ?? Date.now;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const escalation = options.escalation ?? DEFAULT_ESCALATION;
  const log = options.log ?? ((entry) => process.stderr.write(`${JSON.stringify(entry)}\n`));

  const chain = createChain(options.chatModels ?? [new OfflineChatModel()], config, metrics);

  const store = options.vectorStore ?? createMemoryVectorStore();
  const knowledgeBase = createKnowledgeBase({ store, embedder: options.embedder ?? new OfflineEmbeddingModel() });
  await knowledgeBase.index(options.documents);

  const promptsDir = options.promptsDir ?? PROMPTS_DIR;
  const repository = await PromptRepository.load(promptsDir, options.labelStore ? { labels: options.labelStore } : {});
  const prompts = new PromptSource({
    repository,
    promptId: config.promptId,
    label: config.promptLabel,
    refreshMs: config.promptRefreshMs,
  });

  const policy = createPolicy(metrics, now);
  const cache = new ResponseCache({ maxEntries: config.cacheEntries, ttlMs: config.cacheTtlMs, now });
  const budget = new TokenBudget({
    perRequestTokens: config.perRequestTokens,
    perUserDailyTokens: config.perUserDailyTokens,
    now,
  });
  const audit = AuditLog.open(
    options.auditSink ?? (options.auditFile ? new FileAuditSink(options.auditFile) : new MemoryAuditSink()),
    { now },
  );

  const state = options.state ?? new MemoryStateStore();
  const users = new UserActivity({ store: state, now, activeWindowMs: config.activeWindowMs });
  const admission = new AdmissionQueue({
    maxConcurrent: config.maxConcurrent,
    maxQueue: config.maxQueue,
    maxWaitMs: config.maxQueueWaitMs,
    onShed: () => metrics.shed.inc(),
  });
  metrics.bind({
    // TODO(DoD-9): also bind `activeUsers` and `returningUsers` to `users` (UserActivity), so the
    // `capstone_active_users` and `capstone_returning_users` gauges read them on every scrape.
    queueDepth: () => admission.waiting,
    inFlight: () => admission.active,
  });

  const pipeline = new AskPipeline({
    config,
    knowledgeBase,
    chain,
    prompts,
    policy,
    canary: createCanary(),
    cache,
    budget,
    audit,
    metrics,
    escalation,
    now,
  });
  return {
    config,
    metrics,
    chain,
    store,
    knowledgeBase,
    prompts,
    policy,
    audit,
    users,
    feedback: new FeedbackBook(state, { ttlMs: config.answerTtlMs }),
    admission,
    pipeline,
    escalation,
    now,
    log,
    state,
    auth: new Authenticator({
      apiKeys:
        options.apiKeys ??
        (options.env?.CAPSTONE_API_KEYS?.trim() ? parseApiKeys(options.env.CAPSTONE_API_KEYS) : undefined),
      sessionSecret: options.sessionSecret ?? (options.env?.CAPSTONE_SESSION_SECRET?.trim() || newSessionSecret()),
      sessionTtlMs: config.sessionTtlMs,
      now,
    }),
    metricsText: () => metrics.registry.metrics(),
    close: () => state.close(),
  };
}

/**
 * The provider chain (03): each model with its own deadline, retries and circuit breaker, in
 * order of preference. Every attempt is counted; a deadline hit is also a timeout.
 */
export function createChain(
  models: ChatModel[],
  config: ServiceConfig,
  metrics: ServiceMetrics,
  _state?: StateStore,
): FallbackChatModel {
  return resilientChain(models, {
    timeoutMs: config.providerTimeoutMs,
    retry: {
      maxAttempts: config.providerMaxAttempts,
      baseDelayMs: config.providerBaseDelayMs,
      maxDelayMs: Math.max(config.providerBaseDelayMs, 4_000),
    },
    breaker: { failureThreshold: config.breakerFailureThreshold, cooldownMs: config.breakerCooldownMs },
    fallback: {
      onAttempt: (attempt) => {
        // TODO(DoD-4): count every attempt in `metrics.providerAttempts` (labels provider, outcome), and
        // attempts whose outcome is 'timeout' in `metrics.providerTimeouts` (label provider).
        void attempt;
        void metrics;
      },
    },
  });
}

/**
 * The safety policy (06) whose incident log feeds the KPIs: every incident is a policy
 * violation, prompt injections are counted apart, and escalations wait for a human.
 */
export function createPolicy(metrics: ServiceMetrics, now: () => number): SafetyPolicy {
  class MeteredIncidentLog extends IncidentLog {
    override record(incident: Incident): void {
      super.record(incident);
      // TODO(DoD-3): every incident is a policy violation: `metrics.policyViolations` (labels stage,
      // action); a `prompt_injection` also counts in `metrics.injectionIncidents` (label stage); an
      // `escalate` action in `metrics.escalations` with source 'safety'.
      void metrics;
    }
  }
  return new SafetyPolicy({ log: new MeteredIncidentLog(), now: () => new Date(now()) });
}
