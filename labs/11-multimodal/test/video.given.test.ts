import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMediaError } from '@lab/errors.ts';
import { findTool, INSTALL_FFMPEG, MissingToolError, runTool } from '@lab/ffmpeg.ts';
import { extractFrames, inspectVideo, sceneScores } from '@lab/video.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { colourClip } from './support/clips.ts';

// The wrapper's own tests skip, visibly, without ffmpeg; the DoD-2 end-to-end test does not.
const installed = findTool('ffmpeg') !== undefined && findTool('ffprobe') !== undefined;
if (!installed) process.stderr.write(`[lab 11] ffmpeg wrapper tests skipped: ffmpeg not found; ${INSTALL_FFMPEG}\n`);

describe('given: a missing binary is one line with the fix for each OS', () => {
  it('names the binary and the apt, brew and winget commands', async () => {
    vi.stubEnv('FFPROBE_PATH', '/nonexistent/ffprobe');
    const error = await runTool('ffprobe', ['-version']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingToolError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^ffprobe not found \(FFPROBE_PATH=\/nonexistent\/ffprobe does not exist\): install ffmpeg/,
    );
    for (const fix of ['apt-get install -y ffmpeg', 'brew install ffmpeg', 'winget install'])
      expect(message).toContain(fix);
  });
});

describe.skipIf(!installed)('given: ffprobe and ffmpeg on a real clip', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab11-video-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('probes duration, size, frame rate and streams', async () => {
    const video = await inspectVideo(await colourClip());
    expect(video).toMatchObject({ format: 'mp4', width: 160, height: 90, fps: 25, codec: 'h264', hasAudio: false });
    expect(video.durationSeconds).toBeCloseTo(7.4, 1);
  });

  it('scores the cuts high and the still scenes near zero', async () => {
    const signal = await sceneScores(await inspectVideo(await colourClip()));
    const cuts = signal.scores.map((s, i) => ({ s, t: i / signal.analysisFps })).filter(({ s }) => s > 0.3);
    expect(cuts.map(({ t }) => t)).toEqual([3, 3.6, 4.4]);
    expect(Math.max(...signal.scores.filter((s) => s <= 0.3))).toBeLessThan(0.05);
  });

  it('extracts the frames asked for, as JPEGs of the asked size', async () => {
    const video = await inspectVideo(await colourClip());
    const frames = await extractFrames(video, [1, 3.3, 3.3, 9], { width: 80, height: 45 });
    expect(frames.map((f) => f.time)).toEqual([1, 3.32, 7.36]);
    expect(frames.every((f) => f.width === 80 && f.height === 45 && f.jpeg[0] === 0xff && f.jpeg[1] === 0xd8)).toBe(
      true,
    );
  });

  it('refuses what intake must not pass to ffmpeg: a playlist named .mp4, a mislabelled file, an empty one', async () => {
    const playlist = path.join(dir, 'clip.mp4');
    writeFileSync(playlist, '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n');
    const refused = await inspectVideo(playlist).catch((e: unknown) => e);
    expect(isMediaError(refused) && refused.kind).toBe('unsupported_type');
    const empty = path.join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    expect(await inspectVideo(empty).catch((e: unknown) => isMediaError(e) && e.kind)).toBe('empty');
    const mislabelled = await inspectVideo(await colourClip(), { name: 'clip.png' }).catch((e: unknown) => e);
    expect(isMediaError(mislabelled) && mislabelled.kind).toBe('mislabelled');
    expect((mislabelled as Error).message).toMatch(/^clip\.png: /);
  });

  it('refuses a video over the duration limit before decoding it', async () => {
    const error = await inspectVideo(await colourClip(), { limits: { maxDurationSeconds: 5 } }).catch(
      (e: unknown) => e,
    );
    expect(isMediaError(error) && error.kind).toBe('too_long');
  });
});
