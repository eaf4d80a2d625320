import { estimateFrameRequest } from '@lab/frame-budget.ts';
import { planFrames } from '@lab/sampling.ts';
import { describeVideo } from '@lab/video-pipeline.ts';
import { OpenAIVision } from '@lab/vision.ts';
import { expectMetric, reportMetric, useMockNetwork } from '@workshop/testkit';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analysed } from './support/analysis.ts';
import { COLOUR_SCENES, colourClip } from './support/clips.ts';
import {
  type FrameScore,
  framesWithin,
  invalidTimes,
  KPI_MODEL,
  loadClips,
  scoreFramePlans,
  FRAME_TARGETS as T,
} from './support/kpis.ts';
import { decodeImage, imageParts } from './support/media.ts';

const network = useMockNetwork();
const rows = loadClips('test');
const DEV_REPORT = 'calibrate on dev: node labs/11-multimodal/src/dev-report.ts 2';
const FRAME = { width: 320, height: 180 };

let scored: FrameScore | undefined;
const score = () => {
  scored ??= scoreFramePlans(rows, planFrames);
  return scored;
};

describe(`DoD-2 frame sampling, measured on the ${rows.length} test clips (${KPI_MODEL.model}, ${T.budget.maxTokens} tokens, ${T.budget.maxLatencyMs} ms)`, () => {
  it(`shows the model at least ${T.coverage} of the scenes`, () => {
    const { coverage, covered, scenes, meanFrames, outcomes } = score();
    const failed = outcomes.find((o) => o.problem);
    reportMetric({ name: 'frames per clip', value: meanFrames, unit: 'frames' });
    expectMetric(
      { name: 'scene coverage', value: coverage, target: `>= ${T.coverage}`, unit: 'ratio' },
      `${covered} of ${scenes} scenes have a frame${failed ? `; a plan failed: ${failed.problem}` : ''}; ${DEV_REPORT}`,
    );
  });

  it('stays within the token and latency budget on every clip, with times inside the video', () => {
    const failed = score().outcomes.filter((o) => o.problem);
    expectMetric(
      { name: 'plans over budget or invalid', value: failed.length, target: '== 0', unit: 'count' },
      `first: ${failed[0]?.problem}`,
    );
  });
});

/** A signal with a clear cut at the start of every scene and sensor noise elsewhere. */
const cutClip = fc
  .tuple(fc.array(fc.integer({ min: 5, max: 30 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 1e6 }))
  .map(([lengths, seed]) => {
    // Scene lengths in samples of 0.2 s: 1 to 6 s each.
    const starts = lengths.map((_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
    const total = lengths.reduce((a, b) => a + b, 0);
    const scores = Array.from({ length: total }, (_, i) => (((i * 7919 + seed) % 97) / 97) * 0.01);
    for (const start of starts.slice(1)) scores[start] = 0.6 + ((start * 31 + seed) % 40) / 100;
    scores[0] = 0;
    const scenes = starts.map((start, i) => ({ start: start / 5, end: (start + (lengths[i] ?? 0)) / 5 }));
    return { durationSeconds: total / 5, scores, scenes };
  });

describe('DoD-2 properties of a frame plan, on any clip and budget', () => {
  it('never goes over a token or a latency budget, whichever is tighter, and keeps its times inside the video', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rows),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 4000 }),
        (row, maxTokens, maxLatencyMs) => {
          const budget = { maxTokens, maxLatencyMs };
          const times = planFrames(
            {
              durationSeconds: row.durationSeconds,
              frame: FRAME,
              signal: { analysisFps: row.analysisFps, scores: row.scores },
            },
            { ...KPI_MODEL, budget },
          );
          expect(invalidTimes(times, row.durationSeconds), `${row.id}`).toBeUndefined();
          expect(times.length, `${row.id} within ${maxTokens} tokens and ${maxLatencyMs} ms`).toBeLessThanOrEqual(
            framesWithin(budget, FRAME),
          );
        },
      ),
    );
  });

  it('shows every scene of a clip with clear cuts when the budget has a frame for each', () => {
    fc.assert(
      fc.property(cutClip, ({ durationSeconds, scores, scenes }) => {
        const exact = estimateFrameRequest(scenes.length, FRAME, KPI_MODEL);
        const budget = { maxTokens: exact.tokens, maxLatencyMs: exact.latencyMs };
        const times = planFrames(
          { durationSeconds, frame: FRAME, signal: { analysisFps: 5, scores } },
          { ...KPI_MODEL, budget },
        );
        const missed = scenes.filter((s) => !times.some((t) => t >= s.start && t < s.end));
        expect(missed, `scenes ${JSON.stringify(scenes)}, frames at ${JSON.stringify(times)}`).toEqual([]);
      }),
    );
  });
});

/** The named colour nearest to an image's mean colour. */
async function colourOf(jpeg: Buffer): Promise<string> {
  const { channels } = await sharp(jpeg).stats();
  const mean = channels.slice(0, 3).map((c) => c.mean);
  let best = { colour: '', distance: Number.POSITIVE_INFINITY };
  for (const scene of COLOUR_SCENES) {
    const distance = scene.rgb.reduce<number>((sum, v, i) => sum + (v - (mean[i] ?? 0)) ** 2, 0);
    if (distance < best.distance) best = { colour: scene.colour, distance };
  }
  return best.colour;
}

describe('DoD-2 end to end: ffprobe and the scene signal (once), your plan, ffmpeg, one vision request', () => {
  it('sends one frame of each scene of a real clip, at low detail, within a budget of one frame per scene', async () => {
    const file = await colourClip();
    const analysis = await analysed(file);
    network.openai.script({ content: 'A red screen, then blue, lime and yellow.' });
    const exact = estimateFrameRequest(COLOUR_SCENES.length, { width: 160, height: 90 }, KPI_MODEL);
    const result = await describeVideo(file, {
      vision: new OpenAIVision({ apiKey: 'sk-test', model: KPI_MODEL.model }),
      budget: { maxTokens: exact.tokens, maxLatencyMs: exact.latencyMs },
      analysis,
    });
    const images = imageParts(network.openai.chatRequests[0]);
    expect(images.map((p) => p.detail)).toEqual(images.map(() => 'low'));
    const colours = await Promise.all(images.map((p) => colourOf(decodeImage(p.url))));
    expect(new Set(colours), `frames at ${result.frames.map((f) => f.time).join(', ')} s`).toEqual(
      new Set(COLOUR_SCENES.map((s) => s.colour)),
    );
    expect(result.description).toBe('A red screen, then blue, lime and yellow.');
  });
});
