export { createApp } from './app.ts';
export { generateToken, type Tokens } from './auth.ts';
export { csvCell, toCsv } from './csv.ts';
export {
  describeIssue,
  PARTICIPANT_KEY_HEADER,
  participantKeySchema,
  type Submission,
  type SubmittedLab,
  submissionSchema,
} from './schema.ts';
export { banner, type Dashboard, type DashboardOptions, startDashboard, tokensFromEnv } from './server.ts';
export { SubmissionStore } from './store.ts';
export { type RoomSummary, summarize } from './summary.ts';
