/**
 * The probe and scene signal of a test clip, computed once per machine and kept next to the clip
 * in the temp folder: they depend on the clip and the given video code, not on the plan under
 * test, so a re-check after a save only runs the part that does (the plan, ffmpeg's frame
 * extraction, the vision request). Each re-check runs in a fresh worker, hence a file, not memory.
 * The given video code has its own tests (`video.given.test.ts`), which never use this file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { analyseVideo, type VideoAnalysis } from '@lab/video-pipeline.ts';

export async function analysed(file: string): Promise<VideoAnalysis> {
  const cached = `${file}.analysis.json`;
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as VideoAnalysis;
  const analysis = await analyseVideo(file);
  writeFileSync(`${cached}.${process.pid}`, JSON.stringify(analysis));
  renameSync(`${cached}.${process.pid}`, cached);
  return analysis;
}
