/**
 * Test videos made with ffmpeg's own sources (lavfi: colour bars, test patterns, fractals, noise),
 * so the scene cuts are known by construction: a clip is a list of shots joined by cuts, soft cuts
 * (the same picture, recoloured) or cross-fades. Used by the DoD-2 end-to-end test and by
 * `fixtures/make-clips.ts`, which built the labelled clips of `fixtures/clips.*.jsonl`.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTool } from '../../src/ffmpeg.ts';

/** How one shot hands over to the next. */
export type Transition = { kind: 'cut' } | { kind: 'dissolve' | 'fadeblack'; seconds: number };

/** One shot: an ffmpeg source filter that draws `seconds` of 25 fps video at the clip's size. */
export interface Shot {
  /** A short label, e.g. `bars`, `handheld`. */
  label: string;
  /** `lavfi` source and filters; `{size}`, `{d}` are replaced by the clip size and the duration. */
  source: string;
  /** Seconds of this shot on its own, before the transitions eat into it. */
  seconds: number;
  /** How the NEXT shot comes in (ignored on the last). */
  next?: Transition;
}

/** A labelled scene: the span where its picture is on screen alone (transitions excluded). */
export interface LabelledScene {
  start: number;
  end: number;
  label: string;
}

/** Start and end of each shot's clean span, and the clip length, as ffmpeg will render them. */
export function timeline(shots: readonly Shot[]): { scenes: LabelledScene[]; durationSeconds: number } {
  const scenes: LabelledScene[] = [];
  let at = 0; // where the current shot starts on the output timeline
  let incoming = 0; // seconds of the current shot covered by the transition into it
  for (const [i, shot] of shots.entries()) {
    const out = i < shots.length - 1 && shot.next && shot.next.kind !== 'cut' ? shot.next.seconds : 0;
    scenes.push({ start: round(at + incoming), end: round(at + shot.seconds - out), label: shot.label });
    at += shot.seconds - out;
    incoming = out;
  }
  return { scenes, durationSeconds: round(at + incoming) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Renders `shots` to an H.264 MP4 at `file` (`size` like `320x180`, 25 fps, no audio). */
export async function renderClip(shots: readonly Shot[], file: string, size = '320x180'): Promise<void> {
  const inputs = shots.flatMap((shot) => [
    '-f',
    'lavfi',
    '-i',
    shot.source.replaceAll('{size}', size).replaceAll('{d}', String(shot.seconds)),
  ]);
  const graph: string[] = shots.map(
    (_, i) =>
      `[${i}]scale=${size.replace('x', ':')},setsar=1,format=yuv420p,setpts=PTS-STARTPTS,fps=25,settb=AVTB[s${i}]`,
  );
  let last = 's0';
  let length = shots[0]?.seconds ?? 0;
  for (let i = 1; i < shots.length; i++) {
    const into = shots[i - 1]?.next ?? { kind: 'cut' };
    const label = `j${i}`;
    if (into.kind === 'cut') {
      graph.push(`[${last}][s${i}]concat=n=2:v=1:a=0[${label}]`);
      length += shots[i]?.seconds ?? 0;
    } else {
      const offset = round(length - into.seconds);
      graph.push(`[${last}][s${i}]xfade=transition=${into.kind}:duration=${into.seconds}:offset=${offset}[${label}]`);
      length += (shots[i]?.seconds ?? 0) - into.seconds;
    }
    last = label;
  }
  await runTool(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      ...inputs,
      '-filter_complex',
      graph.join(';'),
      '-map',
      `[${last}]`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '28',
      '-threads',
      '1',
      '-pix_fmt',
      'yuv420p',
      file,
    ],
    { timeoutMs: 120_000, maxOutputBytes: 1024 * 1024 },
  );
}

/** Four solid colours, cut hard, two of them short: one frame per scene needs to know where the cuts are. */
export const COLOUR_SCENES = [
  { colour: 'red', rgb: [255, 0, 0], seconds: 3 },
  { colour: 'blue', rgb: [0, 0, 255], seconds: 0.6 },
  { colour: 'lime', rgb: [0, 255, 0], seconds: 0.8 },
  { colour: 'yellow', rgb: [255, 255, 0], seconds: 3 },
] as const;

/**
 * The `COLOUR_SCENES` clip (160×90, 7.4 s), rendered once per machine into the temp folder and
 * reused: re-checks on save stay fast. A missing ffmpeg fails here with the install line.
 */
export async function colourClip(): Promise<string> {
  const shots: Shot[] = COLOUR_SCENES.map((s) => ({
    label: s.colour,
    source: `color=c=${s.colour}:size={size}:rate=25:duration={d}`,
    seconds: s.seconds,
  }));
  const file = path.join(
    tmpdir(),
    `lab11-colours-${createHash('sha256').update(JSON.stringify(shots)).digest('hex').slice(0, 12)}.mp4`,
  );
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.part.mp4`;
  await renderClip(shots, partial, '160x90');
  renameSync(partial, file);
  return file;
}
