/**
 * The composition root: every reference pattern built once, configured from `ServiceConfig`,
 * and wired to the metrics. Swapping a piece for a product's own (a database audit sink, Qdrant)
 * happens here and nowhere else. Where the shared state lives is decided here too: this process
 * (default), the cluster primary (`CAPSTONE_WORKERS`), or Redis (`REDIS_URL`).
 */
import cluster from 'node:cluster';
import type { TracerProvider } from '@opentelemetry/api';
import { type ChatModel, type EmbeddingModel, OfflineChatModel, OfflineEmbeddingModel } from '@workshop/llm';
import { createMemoryVectorStore, type VectorStore } from '@workshop/vector';
import { FallbackChatModel, ResilientChatModel } from '@workshop-solutions/03-providers';
import { type LabelStore, PromptRepository } from '@workshop-solutions/05-prompt-engineering';
import { createCanary, type Incident, IncidentLog, SafetyPolicy } from '@workshop-solutions/06-safety';
import {
  type ChunkingOptions,
  createKnowledgeBase,
  type Escalation,
  type KnowledgeBase,
  type SourceDocument,
} from '@workshop-solutions/09-rag';
import { type AuditSink, MemoryAuditSink } from '@workshop-solutions/10-agents';
import { AdmissionQueue } from './admission.ts';
import { UserActivity } from './adoption.ts';
import { AskPipeline } from './ask.ts';
import { AuditFile, type AuditTrail, openAuditTrail } from './audit-trail.ts';
import { clusterMetrics, shareMetricsWithPrimary, workerIndex } from './cluster.ts';
import { resolveConfig, type ServiceConfig } from './config.ts';
import { PROMPTS_DIR } from './corpus.ts';
import { FeedbackBook } from './feedback.ts';
import { Authenticator, newSessionSecret, parseApiKeys } from './identity.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { OutputGuard } from './output-guard.ts';
import { PromptSource } from './prompt-source.ts';
import { SharedCircuitBreaker } from './shared/breaker.ts';
import { IdempotencyRecords } from './shared/idempotency.ts';
import { RateLimiter } from './shared/rate-limit.ts';
import { SharedResponseCache } from './shared/response-cache.ts';
import { TokenLedger } from './shared/token-ledger.ts';
import { IpcStateStore } from './state/ipc.ts';
import { MemoryStateStore } from './state/memory.ts';
import { MeteredStateStore } from './state/metered.ts';
import { RedisStateStore } from './state/redis.ts';
import type { StateStore } from './state/store.ts';
import { createTracing, type Tracing } from './tracing.ts';

/** Where unanswered questions go by default. */
export const DEFAULT_ESCALATION: Escalation = {
  team: 'the workshop instructors',
  contact: 'the #workshop channel',
};

/** How the workshop's briefs are chunked: about one subsection per chunk, a little overlap. */
export const WORKSHOP_CHUNKING: ChunkingOptions = { maxTokens: 200, overlapTokens: 30 };

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
  /** Where the audit trail is written. Default: in memory (or `auditFile`). */
  auditSink?: AuditSink;
  /** A JSONL audit file, appended to and verified incrementally (see audit-trail.ts). */
  auditFile?: string;
  /** Wall clock in ms since the epoch (budget days, adoption, audit times). Default `Date.now`. */
  now?: () => number;
  /** Who takes questions the service cannot answer. */
  escalation?: Escalation;
  /** Export Node's process metrics too. Default false. */
  defaultMetrics?: boolean;
  /** Server-side log of unexpected errors (one object per line). Default: JSON on stderr. */
  log?: (entry: Record<string, unknown>) => void;
  /** The shared state. Default: from `env` (Redis, the cluster primary), else this process's memory. */
  state?: StateStore;
  /** API keys by user. Default: `CAPSTONE_API_KEYS` from `env`; none → session cookies. */
  apiKeys?: Record<string, string>;
  /** Secret of the session cookies. Default: `CAPSTONE_SESSION_SECRET`, else shared through Redis, else random. */
  sessionSecret?: string;
  /** A tracer provider (tests: the SDK with an in-memory exporter). Default: built from `env`. */
  tracerProvider?: TracerProvider;
  /**
   * The variables the runtime pieces read: `REDIS_URL`, `CAPSTONE_API_KEYS`,
   * `CAPSTONE_SESSION_SECRET`, `OTEL_*`. Default none (`main.ts` passes `process.env`).
   */
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
  audit: AuditTrail;
  users: UserActivity;
  feedback: FeedbackBook;
  admission: AdmissionQueue;
  pipeline: AskPipeline;
  escalation: Escalation;
  now: () => number;
  log: (entry: Record<string, unknown>) => void;
  /** The shared state (metered). */
  state: MeteredStateStore;
  /** Who is asking: API keys or session cookies. */
  auth: Authenticator;
  /** Requests per user per minute. */
  limiter: RateLimiter;
  /** `Idempotency-Key` records. */
  idempotency: IdempotencyRecords;
  /** The tracer and what it may record. */
  tracing: Tracing;
  /** The Prometheus text of `/metrics`: this process, or the whole cluster. */
  metricsText(): Promise<string>;
  /** Release the state store, the audit file and the trace exporter. */
  close(): Promise<void>;
}

/** Build every piece and index the corpus. */
export async function createComponents(options: ServiceOptions): Promise<Components> {
  const config = resolveConfig(options.config);
  const env = options.env ?? {};
  const now = options.now ?? Date.now;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  // A worker answers the primary's scrapes from the start (while it indexes, with what it has).
  const clustered = workerIndex(env) !== undefined;
  if (clustered) shareMetricsWithPrimary(metrics.registry);
  const escalation = options.escalation ?? DEFAULT_ESCALATION;
  const log = options.log ?? ((entry) => process.stderr.write(`${JSON.stringify(entry)}\n`));
  const apiKeys = options.apiKeys ?? (env.CAPSTONE_API_KEYS?.trim() ? parseApiKeys(env.CAPSTONE_API_KEYS) : undefined);

  const state = new MeteredStateStore(options.state ?? (await stateFromEnv(env)), metrics.stateErrors);
  const tracing = createTracing({ env, ...(options.tracerProvider ? { provider: options.tracerProvider } : {}) });
  const chain = createChain(options.chatModels ?? [new OfflineChatModel()], config, metrics, state);

  const store = options.vectorStore ?? createMemoryVectorStore();
  // Chunk size is a decision per corpus (lab 09, DoD-2): the workshop's briefs have long sections,
  // wide tables and long list items, which 09's handbook-sized default would cut mid-sentence.
  const knowledgeBase = createKnowledgeBase({
    store,
    embedder: options.embedder ?? new OfflineEmbeddingModel(),
    chunking: WORKSHOP_CHUNKING,
  });
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
  const canary = await sharedCanary(state);
  const audit = openAuditTrail(
    options.auditFile ? new AuditFile(options.auditFile) : (options.auditSink ?? new MemoryAuditSink()),
    { now },
  );
  const users = new UserActivity({ store: state, now, activeWindowMs: config.activeWindowMs });
  const admission = new AdmissionQueue({
    maxConcurrent: config.maxConcurrent,
    maxQueue: config.maxQueue,
    maxWaitMs: config.maxQueueWaitMs,
    onShed: () => metrics.shed.inc(),
  });
  metrics.bind({
    activeUsers: () => users.activeUsers().catch(() => 0),
    returningUsers: () => users.returningUsers().catch(() => 0),
    queueDepth: () => admission.waiting,
    inFlight: () => admission.active,
    stateAvailable: () => (state.available ? 1 : 0),
  });
  const sessionSecret =
    options.sessionSecret ?? (env.CAPSTONE_SESSION_SECRET?.trim() || (await sharedSessionSecret(state)));
  const auth = new Authenticator({
    ...(apiKeys ? { apiKeys } : {}),
    sessionSecret,
    sessionTtlMs: config.sessionTtlMs,
    now,
  });

  const pipeline = new AskPipeline({
    config,
    knowledgeBase,
    chain,
    prompts,
    policy,
    canary,
    guard: new OutputGuard(policy, canary),
    cache: new SharedResponseCache({ store: state, ttlMs: config.cacheTtlMs }),
    budget: new TokenLedger({
      store: state,
      perRequestTokens: config.perRequestTokens,
      perUserDailyTokens: config.perUserDailyTokens,
      now,
    }),
    audit,
    metrics,
    escalation,
    tracing,
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
    auth,
    limiter: new RateLimiter({ store: state, limit: config.perUserRequestsPerMinute, now }),
    idempotency: new IdempotencyRecords({
      store: state,
      ttlMs: config.idempotencyTtlMs,
      pendingTtlMs: config.chainDeadlineMs + config.maxQueueWaitMs + 10_000,
    }),
    tracing,
    metricsText: () => (clustered ? clusterMetrics() : metrics.registry.metrics()),
    async close() {
      audit.close();
      await Promise.allSettled([state.close(), tracing.shutdown()]);
    },
  };
}

/** The store the environment asks for: Redis (`REDIS_URL`), the cluster primary, or this process. */
async function stateFromEnv(env: Readonly<Record<string, string | undefined>>): Promise<StateStore> {
  const url = env.REDIS_URL?.trim();
  if (url) return RedisStateStore.connect({ url });
  if (env.CAPSTONE_STATE === 'ipc' && cluster.isWorker) return new IpcStateStore();
  return new MemoryStateStore();
}

/**
 * One canary for every process sharing the state: the canary is part of the prompt, so of the
 * cache key (processes with different canaries could not share answers), and a cached answer
 * must be checked against the canary it was generated with. Rotated monthly (a new one when the
 * key expires; processes pick it up when they restart).
 */
async function sharedCanary(state: StateStore): Promise<string> {
  const fresh = createCanary();
  try {
    await state.set('canary', fresh, 30 * 86_400_000, true);
    const shared = await state.get('canary');
    return shared && /^canary-[0-9a-f]{16}$/.test(shared) ? shared : fresh;
  } catch {
    return fresh; // the store is down: a canary of our own still detects leaks, the cache is just not shared
  }
}

/**
 * Without a configured secret, processes sharing Redis agree on one (the first to start writes it),
 * so a cookie issued by one is valid on all; a lone process makes its own.
 */
async function sharedSessionSecret(state: StateStore): Promise<string> {
  if (state.kind !== 'redis') return newSessionSecret();
  await state.set('session-secret', newSessionSecret(), 365 * 86_400_000, true);
  return (await state.get('session-secret')) ?? newSessionSecret();
}

/**
 * The provider chain (03): each model with its own deadline, retries and circuit breaker (whose
 * state is shared by every process through the store), in order of preference, under one overall
 * deadline. Every attempt is counted; a deadline hit is also a timeout.
 */
export function createChain(
  models: ChatModel[],
  config: ServiceConfig,
  metrics: ServiceMetrics,
  state: StateStore = new MemoryStateStore(),
): FallbackChatModel {
  const members = models.map(
    (model) =>
      new ResilientChatModel(model, {
        timeoutMs: config.providerTimeoutMs,
        retry: {
          maxAttempts: config.providerMaxAttempts,
          baseDelayMs: config.providerBaseDelayMs,
          maxDelayMs: Math.max(config.providerBaseDelayMs, 4_000),
        },
        breaker: new SharedCircuitBreaker({
          store: state,
          provider: `${model.provider}:${model.modelId}`,
          failureThreshold: config.breakerFailureThreshold,
          cooldownMs: config.breakerCooldownMs,
        }),
      }),
  );
  return new FallbackChatModel(members, {
    deadlineMs: config.chainDeadlineMs,
    onAttempt: (attempt) => {
      metrics.providerAttempts.inc({ provider: attempt.provider, outcome: attempt.outcome });
      if (attempt.outcome === 'timeout') metrics.providerTimeouts.inc({ provider: attempt.provider });
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
      metrics.policyViolations.inc({ stage: incident.stage, action: incident.action });
      if (incident.kind === 'prompt_injection') metrics.injectionIncidents.inc({ stage: incident.stage });
      if (incident.action === 'escalate') metrics.escalations.inc({ source: 'safety' });
    }
  }
  return new SafetyPolicy({ log: new MeteredIncidentLog(), now: () => new Date(now()) });
}
