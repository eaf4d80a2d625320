/**
 * Lab 11 — multimodal pipelines with privacy and cost planning by design.
 * intake (bytes decide the type, limits) → privacy (strip, resize, redact) → cost and plan → pipelines.
 */
export * from './cost.ts';
export * from './describe.ts';
export * from './errors.ts';
export * from './formats.ts';
export * from './intake.ts';
export * from './planner.ts';
export * from './prices.ts';
export * from './privacy.ts';
export * from './redact.ts';
export * from './transcribe.ts';
export * from './transcriber.ts';
export * from './wav.ts';
