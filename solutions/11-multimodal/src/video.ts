/**
 * Video plumbing on ffprobe and ffmpeg: intake (type from the bytes, limits), the probe (duration
 * and streams), a scene-change signal, and frame extraction. Given code: the same in the starter.
 *
 * ffmpeg parses hostile files for a living, so the input is held to what intake detected: the
 * demuxer is forced from the magic bytes (a "video" that is really an HLS playlist cannot make
 * ffmpeg fetch URLs or read other files), only the `file` protocol is allowed, and the path goes
 * in as a `file:` URL (a name starting with `-` is not an option).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import type { Size } from './cost.ts';
import { MediaError } from './errors.ts';
import { runTool } from './ffmpeg.ts';
import { extensionOf, MEDIA_EXTENSIONS } from './formats.ts';

/**
 * Video containers accepted, by `file-type`'s `ext`, with the ffmpeg demuxer forced for each. MP4 and
 * QuickTime are one container family (ISO BMFF), as are Matroska and WebM: either name is honest.
 */
export const VIDEO_FORMATS: Readonly<Record<string, { demuxer: string; mime: string; extensions: string[] }>> = {
  mp4: { demuxer: 'mov', mime: 'video/mp4', extensions: ['mp4', 'm4v', 'mov', 'qt'] },
  mov: { demuxer: 'mov', mime: 'video/quicktime', extensions: ['mov', 'qt', 'mp4', 'm4v'] },
  webm: { demuxer: 'matroska', mime: 'video/webm', extensions: ['webm', 'mkv'] },
  mkv: { demuxer: 'matroska', mime: 'video/x-matroska', extensions: ['mkv', 'webm'] },
};

/** Limits every video must respect. */
export interface VideoLimits {
  /** Largest file in bytes. */
  maxBytes: number;
  /** Longest video in seconds. */
  maxDurationSeconds: number;
  /** Largest frame in pixels (width × height). */
  maxPixels: number;
}

/** 200 MB, 10 minutes, 4K. */
export const DEFAULT_VIDEO_LIMITS: VideoLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxDurationSeconds: 600,
  maxPixels: 3840 * 2160,
};

/** What intake and the probe know about an accepted video. */
export interface VideoInfo extends Size {
  /** The name it came with (for messages). */
  name: string;
  /** Where it is on disk. */
  file: string;
  /** The container, from the magic bytes (`mp4`, `mov`, `webm`, `mkv`). */
  format: string;
  /** The ffmpeg demuxer forced for that container. */
  demuxer: string;
  /** Size in bytes. */
  bytes: number;
  /** Duration in seconds. */
  durationSeconds: number;
  /** Frames per second of the video stream. */
  fps: number;
  /** Codec of the video stream, e.g. `h264`. */
  codec: string;
  /** Whether it also has an audio stream (a transcript may say more than the frames). */
  hasAudio: boolean;
}

/** The input arguments every ffmpeg and ffprobe call on an untrusted file starts with. */
function inputArgs(video: Pick<VideoInfo, 'file' | 'demuxer'>): string[] {
  return ['-protocol_whitelist', 'file', '-f', video.demuxer, '-i', `file:${path.resolve(video.file)}`];
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A ffprobe stream, the fields used here. */
interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
}

const rate = (fraction: string | undefined) => {
  const [n, d] = (fraction ?? '').split('/').map(Number);
  return n && d ? n / d : 0;
};

/**
 * Checks a video file and probes it: type from the magic bytes, byte limit, then ffprobe for the
 * duration and streams, then the duration and pixel limits. Throws a one-line `MediaError`
 * (or `MissingToolError` when ffprobe is not installed).
 */
export async function inspectVideo(
  file: string,
  options: { name?: string; limits?: Partial<VideoLimits> } = {},
): Promise<VideoInfo> {
  const name = options.name ?? path.basename(file);
  const limits = { ...DEFAULT_VIDEO_LIMITS, ...options.limits };
  const { size } = await stat(file);
  if (size === 0) throw new MediaError('empty', name, 'the file is empty');
  if (size > limits.maxBytes) {
    throw new MediaError('too_large', name, `${megabytes(size)} exceeds the limit of ${megabytes(limits.maxBytes)}`);
  }
  const detected = await fileTypeFromFile(file);
  const format = detected ? VIDEO_FORMATS[detected.ext] : undefined;
  if (!detected || !format) {
    const what = detected ? `detected ${detected.mime}` : 'the bytes match no known format';
    throw new MediaError('unsupported_type', name, `not a supported video (MP4, MOV, WebM, MKV): ${what}`);
  }
  const extension = extensionOf(name);
  if (MEDIA_EXTENSIONS.has(extension) && !format.extensions.includes(extension)) {
    throw new MediaError(
      'mislabelled',
      name,
      `the name says .${extension} but the bytes are ${detected.ext.toUpperCase()}`,
    );
  }
  const probed = await runTool(
    'ffprobe',
    [
      '-v',
      'error',
      ...inputArgs({ file, demuxer: format.demuxer }),
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
    ],
    { timeoutMs: 30_000, maxOutputBytes: 1024 * 1024 },
  ).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'ToolError') {
      throw new MediaError('corrupt', name, `corrupt video: ${error.message}`, { cause: error });
    }
    throw error;
  });
  const probe = JSON.parse(probed.toString('utf8')) as { streams?: ProbeStream[]; format?: { duration?: string } };
  const streams = probe.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video?.width || !video.height) throw new MediaError('corrupt', name, 'corrupt video: no video stream');
  const durationSeconds = Number(probe.format?.duration ?? video.duration);
  const fps = rate(video.avg_frame_rate) || rate(video.r_frame_rate);
  if (!(durationSeconds > 0) || !(fps > 0)) {
    throw new MediaError('corrupt', name, 'corrupt video: no duration or frame rate in the header');
  }
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new MediaError(
      'too_long',
      name,
      `${durationSeconds.toFixed(1)} s of video exceeds the limit of ${limits.maxDurationSeconds} s`,
    );
  }
  if (video.width * video.height > limits.maxPixels) {
    throw new MediaError('too_many_pixels', name, `${video.width}×${video.height} frames exceed the pixel limit`);
  }
  return {
    name,
    file,
    format: detected.ext,
    demuxer: format.demuxer,
    bytes: size,
    durationSeconds,
    width: video.width,
    height: video.height,
    fps,
    codec: video.codec_name ?? 'unknown',
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/**
 * How much the picture changes, sampled `analysisFps` times a second: `scores[i]` is ffmpeg's
 * scene score (0 = the same picture, 1 = a different one) between the frames at
 * `(i - 1) / analysisFps` and `i / analysisFps` seconds; `scores[0]` is 0.
 */
export interface SceneSignal {
  /** Samples per second. */
  analysisFps: number;
  /** One score per sample, from 0 to 1. */
  scores: number[];
}

/** Samples per second the pipeline analyses: a cut is placed within 0.2 s, at a fifth of the decoding work of 25 fps. */
export const ANALYSIS_FPS = 5;

/** The scene-change signal of a video: one ffmpeg pass that decodes it and scores every sampled frame. */
export async function sceneScores(video: VideoInfo, analysisFps = ANALYSIS_FPS): Promise<SceneSignal> {
  const out = await runTool(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      ...inputArgs(video),
      '-an',
      '-vf',
      `fps=${analysisFps},select='gte(scene,0)',metadata=print:file=-`,
      '-f',
      'null',
      '-',
    ],
    { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 * 1024 },
  );
  const scores: number[] = [];
  for (const match of out.toString('utf8').matchAll(/lavfi\.scene_score=([0-9.]+)/g)) {
    scores.push(Number(match[1]));
  }
  if (scores.length > 0) scores[0] = 0;
  return { analysisFps, scores };
}

/** One extracted frame. */
export interface VideoFrame {
  /** Time of the frame in the video, in seconds. */
  time: number;
  /** JPEG bytes, no metadata. */
  jpeg: Uint8Array;
  /** Width of the JPEG. */
  width: number;
  /** Height of the JPEG. */
  height: number;
}

/**
 * The frames at `times` (seconds; each rounds to the nearest frame, duplicates collapse), fitted
 * inside `size`, as JPEGs. One ffmpeg pass that selects the frames by number and pipes raw pixels,
 * so no temporary files and no parsing of image streams.
 */
export async function extractFrames(video: VideoInfo, times: readonly number[], size: Size): Promise<VideoFrame[]> {
  const lastFrame = Math.max(0, Math.floor(video.durationSeconds * video.fps) - 1);
  const numbers = [...new Set(times.map((t) => Math.min(lastFrame, Math.max(0, Math.round(t * video.fps)))))].sort(
    (a, b) => a - b,
  );
  if (numbers.length === 0) return [];
  const { width, height } = size;
  const frameBytes = width * height * 3;
  const select = numbers.map((n) => `eq(n,${n})`).join('+');
  const raw = await runTool(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      ...inputArgs(video),
      '-an',
      '-vf',
      `select='${select}',scale=${width}:${height}:flags=area`,
      '-vsync',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { timeoutMs: 120_000, maxOutputBytes: frameBytes * numbers.length + 1 },
  );
  const count = Math.floor(raw.byteLength / frameBytes);
  return Promise.all(
    numbers.slice(0, count).map(async (n, i) => {
      const pixels = raw.subarray(i * frameBytes, (i + 1) * frameBytes);
      const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 80 })
        .toBuffer();
      return { time: n / video.fps, jpeg: new Uint8Array(jpeg), width, height };
    }),
  );
}
