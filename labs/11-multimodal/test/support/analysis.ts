/**
 * The probe and scene signal of a test clip, computed once per test worker: they depend on the
 * clip and the given video code, not on the plan under test, so re-checks after a save only run
 * the part that does (the plan, ffmpeg's frame extraction, the vision request).
 */
import { analyseVideo, type VideoAnalysis } from '@lab/video-pipeline.ts';

const analyses = new Map<string, Promise<VideoAnalysis>>();

export function analysed(file: string): Promise<VideoAnalysis> {
  let analysis = analyses.get(file);
  if (!analysis) {
    analysis = analyseVideo(file);
    analyses.set(file, analysis);
    analysis.catch(() => analyses.delete(file));
  }
  return analysis;
}
