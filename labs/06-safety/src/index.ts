/**
 * Lab 06 — AI safety: the public surface.
 *
 * `detectInjection` (input guard) and `redactPII` (output guard) are the two entry points most
 * callers need; the rest is exported for composition and for the tests.
 */
export { createGuardedAssistant, type GuardedAnswer, type GuardedAssistantOptions } from './assistant.ts';
export { createCanary, embedCanary, leaksCanary } from './canary.ts';
export { GUARDS, type GuardId } from './guards.ts';
export { detectInjection } from './injection/detect.ts';
export { defaultDetector, InjectionDetector, trainDetector } from './injection/detector.ts';
export { ibanValid, luhnValid } from './pii/checksums.ts';
export { findPII, redactPII } from './pii/redact.ts';
export type { PiiFinding, PiiType, RedactionResult } from './pii/types.ts';
export {
  type Action,
  type Decision,
  EscalationQueue,
  type Incident,
  IncidentLog,
  type SafetyKpis,
  SafetyPolicy,
} from './policy.ts';
export { buildSpotlightedMessages, spotlight, type UntrustedSource } from './spotlight.ts';
export { checkThreatModel, loadThreatModel, OWASP_LLM_2025, type ThreatModel } from './threat-model.ts';
