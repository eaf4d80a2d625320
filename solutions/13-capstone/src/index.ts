/**
 * Lab 13 — the capstone service: the reference patterns of labs 03–10 composed into one
 * production-grade HTTP service, with every KPI exported to Prometheus.
 */
export { type AdmissionOptions, AdmissionQueue, type Release } from './admission.ts';
export { UserActivity, type UserActivityOptions } from './adoption.ts';
export { decideAlert } from './alerting.ts';
export { createApp, errorBody, PUBLIC_DIR } from './app.ts';
export {
  type AskCitation,
  type AskDependencies,
  AskPipeline,
  type AskRequest,
  type AskResult,
  type AskStatus,
  type DegradedReason,
} from './ask.ts';
export { planAdmission } from './capacity.ts';
export {
  clusterMetrics,
  type SuperviseOptions,
  shareMetricsWithPrimary,
  superviseCluster,
  workerIndex,
  workersFrom,
} from './cluster.ts';
export {
  type Components,
  createChain,
  createComponents,
  createPolicy,
  DEFAULT_ESCALATION,
  type ServiceOptions,
} from './components.ts';
export { configFromEnv, DEFAULT_CONFIG, envName, resolveConfig, type ServiceConfig } from './config.ts';
export { LAB_DIR, loadMarkdownDir, loadWorkshopCorpus, PROMPTS_DIR, REPO_ROOT } from './corpus.ts';
export { DrainingError, type ErrorBody, HttpError, OverloadedError } from './errors.ts';
export { type Feedback, FeedbackBook, type FeedbackBookOptions, FeedbackSchema } from './feedback.ts';
export { type CheckResult, checkReadiness, type Readiness } from './health.ts';
export {
  createMetrics,
  type MetricSources,
  type MetricsOptions,
  RATIOS,
  type ServiceMetrics,
  withRatios,
} from './metrics.ts';
export { PromptSource, type PromptSourceOptions } from './prompt-source.ts';
export { chatModelsFromEnv } from './providers.ts';
export { createService, type Service } from './service.ts';
export { Lifecycle } from './shutdown.ts';
export { classifyAsk } from './sli.ts';
export { type AlertLevel, type AskOutcome, type BurnView, SLO, type SliVerdict } from './slo/slo.ts';
export { type EventStream, openEventStream } from './sse.ts';
export { IpcStateStore, serveStateOverIpc } from './state/ipc.ts';
export { type MemoryStateOptions, MemoryStateStore } from './state/memory.ts';
export { type Counted, type StateStore, StateStoreError } from './state/store.ts';
export { SentenceGate, type StreamCheck, StreamGuard, type StreamGuardOptions } from './stream-guard.ts';
