/**
 * The frame-sampling decision for one video: which moments to send to the vision model, so that
 * every scene is seen at least once, within a token and a latency budget.
 */
import type { Size } from './cost.ts';
import { type FrameBudget, maxFramesWithin } from './frame-budget.ts';
import type { MediaPriceTable, ModelRef } from './prices.ts';
import type { SceneSignal } from './video.ts';

/** What the sampler knows about a video. */
export interface FramePlanInput {
  /** Length in seconds. */
  durationSeconds: number;
  /** Size each frame is sent at (`frameSize(video)`). */
  frame: Size;
  /** The scene-change signal (`sceneScores`). */
  signal: SceneSignal;
}

/** Options of `planFrames`. */
export interface FramePlanOptions extends ModelRef {
  /** The most the request may spend. */
  budget: FrameBudget;
  /** Price table. Default: the lab's. */
  table?: MediaPriceTable;
}

/** A scene score at or above this is a cut (dev split: see the solution README). */
const CUT_SCORE = 0.05;
/** Two cuts closer than this are one transition (a cross-fade scores on several samples). */
const MIN_SCENE_SECONDS = 0.6;

/**
 * Times (seconds, ascending, distinct, within the video) of the frames to send: one in the middle
 * of each detected scene, the strongest cuts first when the budget is short, and the frames left
 * spread over the longest scenes (a soft cut the signal missed hides there).
 */
export function planFrames(video: FramePlanInput, options: FramePlanOptions): number[] {
  const { analysisFps, scores } = video.signal;
  // More frames than analysed samples would only repeat pictures.
  const max = Math.min(scores.length, maxFramesWithin(options.budget, video.frame, options, options.table));
  if (max === 0) return [];
  const cuts: { time: number; score: number }[] = [];
  for (const [i, score] of scores.entries()) {
    const time = i / analysisFps;
    if (score < CUT_SCORE || time <= 0 || time >= video.durationSeconds) continue;
    const last = cuts.at(-1);
    if (last && time - last.time < MIN_SCENE_SECONDS) {
      if (score > last.score) Object.assign(last, { time, score });
    } else cuts.push({ time, score });
  }
  const kept = cuts
    .sort((a, b) => b.score - a.score)
    .slice(0, max - 1)
    .map((c) => c.time)
    .sort((a, b) => a - b);
  const bounds = [0, ...kept, video.durationSeconds];
  const scenes = bounds.slice(1).map((end, i) => ({ start: bounds[i] as number, end, frames: 1 }));
  for (let spare = max - scenes.length; spare > 0; spare--) {
    const widest = scenes.reduce((a, b) => ((b.end - b.start) / b.frames > (a.end - a.start) / a.frames ? b : a));
    widest.frames += 1;
  }
  return scenes.flatMap((s) =>
    Array.from({ length: s.frames }, (_, k) => s.start + ((s.end - s.start) * (k + 0.5)) / s.frames),
  );
}
