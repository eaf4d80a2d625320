/**
 * Lab 06 — AI safety: the public surface.
 *
 * `detectInjection` (input guard) and `redactPII` (output guard) are the two entry points most
 * callers need; the rest is exported for composition and for the tests.
 */
export { createGuardedAssistant, type GuardedAnswer, type GuardedAssistantOptions } from './assistant.ts';
export { createCanary, embedCanary, leaksCanary } from './canary.ts';
export { GUARD_BUDGET, type GuardBudget } from './costs.ts';
export { decideInput, decideOutput, decideSource } from './escalation.ts';
export { GUARDS, type GuardId } from './guards.ts';
export type { OperatingPoint, ScoredPrompt } from './injection/calibration.ts';
export { detectInjection } from './injection/detect.ts';
export { defaultDetector, InjectionDetector, loadGuard } from './injection/detector.ts';
export { chooseOperatingPoint } from './injection/operating-point.ts';
export { ibanValid, luhnValid } from './pii/checksums.ts';
export { findPII, redactPII } from './pii/redact.ts';
export { createTranscriptLog, type TranscriptLog, type TranscriptOptions } from './pii/transcript.ts';
export type { PiiFinding, PiiType, RedactionResult } from './pii/types.ts';
export {
  type Action,
  type Decision,
  type Escalation,
  EscalationQueue,
  type Incident,
  IncidentLog,
  type SafetyKpis,
  SafetyPolicy,
  type Verdict,
} from './policy.ts';
export { buildSpotlightedMessages, spotlight, type UntrustedSource } from './spotlight.ts';
export { checkThreatModel, loadThreatModel, OWASP_LLM_2025, type ThreatModel } from './threat-model.ts';
