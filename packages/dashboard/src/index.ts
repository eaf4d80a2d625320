export { createApp } from './app.ts';
export { generateToken, type Tokens } from './auth.ts';
export { type CatalogLab, LabCatalog, readCatalogFile } from './catalog.ts';
export { csvCell, toCsv } from './csv.ts';
export type { MetricStats } from './metric-stats.ts';
export { displayName, invisibleCharacter, nameKeys, skeleton } from './names.ts';
export { DEFAULT_RATE_LIMIT, type RateLimit, RateLimiter } from './rate-limit.ts';
export {
  describeIssue,
  PARTICIPANT_KEY_HEADER,
  participantKeySchema,
  type Submission,
  type SubmittedLab,
  submissionSchema,
} from './schema.ts';
export { banner, type Dashboard, type DashboardOptions, startDashboard, tokensFromEnv } from './server.ts';
export { DEFAULT_LIMITS, StorageError, type StoreLimits, SubmissionStore } from './store.ts';
export { type RoomSummary, summarize } from './summary.ts';
