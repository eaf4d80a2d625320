/**
 * Lab 11 — multimodal: what to send a vision model, and what to believe from it.
 * intake (bytes decide the type, limits) → privacy (strip, resize) → cost and plans → pipelines
 * for images, video and audio; text from pictures is data.
 */
export * from './cost.ts';
export * from './describe.ts';
export * from './errors.ts';
export * from './ffmpeg.ts';
export * from './formats.ts';
export * from './frame-budget.ts';
export * from './image-text.ts';
export * from './intake.ts';
export * from './photo-review.ts';
export * from './planner.ts';
export * from './prices.ts';
export * from './privacy.ts';
export * from './redact.ts';
export * from './sampling.ts';
export * from './tasks.ts';
export * from './transcribe.ts';
export * from './transcriber.ts';
export * from './untrusted.ts';
export * from './video.ts';
export * from './video-pipeline.ts';
export * from './vision.ts';
export * from './wav.ts';
