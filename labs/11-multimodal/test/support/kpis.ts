/**
 * The labelled sets (declared in `lab.yaml`), the targets, and how a decision is scored on them.
 * The DoD tests score the test split; `src/dev-report.ts` scores the dev split with the same code.
 * Node runs this file directly from the dev report, so it imports only types from the code under
 * test (`@lab/…`); the judge's arithmetic comes from the GIVEN files (`../../src/cost.ts`,
 * `frame-budget.ts`, `tasks.ts`), identical in the starter and the solution.
 */
import type { ImagePlan, PlanOptions } from '@lab/planner.ts';
import type { FramePlanInput, FramePlanOptions } from '@lab/sampling.ts';
import { loadSplit, type Split } from '@workshop/testkit/datasets';
import { imageCost, type Size } from '../../src/cost.ts';
import { estimateFrameRequest, type FrameBudget, frameSize } from '../../src/frame-budget.ts';
import type { ModelRef } from '../../src/prices.ts';
import { type ImageTask, QUALITY_FLOOR } from '../../src/tasks.ts';

/** The model the KPIs are measured for. */
export const KPI_MODEL: ModelRef = { provider: 'openai', model: 'gpt-4o' };

// ─── DoD-1: resize and detail ───────────────────────────────────────────────────────────────

/** One labelled image: its size and the size of the smallest detail its task needs, on the original. */
export interface ImageRow {
  id: string;
  task: ImageTask;
  kind: string;
  width: number;
  height: number;
  featurePx: number;
}

/** What DoD-1 asks of the test split (gpt-4o). */
export const IMAGE_TARGETS = {
  /** Share of the images some plan can make readable that your plans make readable. */
  legible: 0.9,
  /** Mean US dollars per image. */
  meanCostUsd: 0.0014,
  /** The per-image budget every plan is asked to respect. */
  maxCostUsd: 0.003,
} as const;

export function loadImages(split: Split): ImageRow[] {
  return loadSplit<ImageRow>(import.meta.dirname, 'images', split);
}

/** Pixels of the smallest detail where the model looks, when `sent` at `detail`. */
export function effectivePx(row: ImageRow, sent: Size, detail: ImagePlan['detail']): number {
  const seen = imageCost(sent, detail, KPI_MODEL);
  return (row.featurePx * seen.width) / row.width;
}

/** Whether any plan can make the row readable: the most the model will look at, in high detail. */
export function feasible(row: ImageRow): boolean {
  return effectivePx(row, row, 'high') >= QUALITY_FLOOR[row.task].minPx;
}

/** What became of one image. */
export interface ImageOutcome {
  row: ImageRow;
  /** The plan, or the one-line reason it failed. */
  plan: ImagePlan | string;
  /** Dollars the plan costs by the price table (0 when there is no plan). */
  costUsd: number;
  /** Pixels of the detail where the model looks (0 when there is no plan). */
  seenPx: number;
  legible: boolean;
  feasible: boolean;
  /** A plan that enlarges the image, or claims another cost than the table's. */
  invalid?: string;
}

export interface ImageScore {
  outcomes: ImageOutcome[];
  feasible: number;
  legible: number;
  /** `legible / feasible`. */
  legibleShare: number;
  /** Mean US dollars over the images that got a plan (NaN when none did). */
  meanCostUsd: number;
  /** Images without a plan: under the KPI budget a low-detail plan always fits, so each is a failure. */
  refused: number;
  overBudget: number;
  invalid: number;
}

type Planner = (size: Size, task: ImageTask, options: PlanOptions) => ImagePlan;

/** Plans every row with `plan` for the KPI model and the per-image budget, and scores the outcome. */
export function scoreImagePlans(rows: readonly ImageRow[], plan: Planner): ImageScore {
  const outcomes = rows.map((row): ImageOutcome => {
    const isFeasible = feasible(row);
    let made: ImagePlan;
    try {
      made = plan({ width: row.width, height: row.height }, row.task, {
        ...KPI_MODEL,
        maxCostUsd: IMAGE_TARGETS.maxCostUsd,
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      return { row, plan: reason, costUsd: 0, seenPx: 0, legible: false, feasible: isFeasible };
    }
    const cost = imageCost(made, made.detail, KPI_MODEL);
    const seenPx = effectivePx(row, made, made.detail);
    const invalid =
      made.width > row.width || made.height > row.height
        ? `enlarged to ${made.width}×${made.height}`
        : Math.abs(made.costUsd - cost.usd) > 1e-9 || made.tokens !== cost.tokens
          ? `claims ${made.tokens} tokens, $${made.costUsd}; the table says ${cost.tokens}, $${cost.usd}`
          : undefined;
    return {
      row,
      plan: made,
      costUsd: cost.usd,
      seenPx,
      legible: seenPx >= QUALITY_FLOOR[row.task].minPx,
      feasible: isFeasible,
      ...(invalid ? { invalid } : {}),
    };
  });
  const planned = outcomes.filter((o) => typeof o.plan !== 'string');
  const feasibleCount = outcomes.filter((o) => o.feasible).length;
  const legible = outcomes.filter((o) => o.feasible && o.legible).length;
  return {
    outcomes,
    feasible: feasibleCount,
    legible,
    legibleShare: feasibleCount === 0 ? 0 : legible / feasibleCount,
    meanCostUsd: planned.reduce((sum, o) => sum + o.costUsd, 0) / planned.length,
    refused: outcomes.length - planned.length,
    overBudget: outcomes.filter((o) => o.costUsd > IMAGE_TARGETS.maxCostUsd).length,
    invalid: outcomes.filter((o) => o.invalid).length,
  };
}

// ─── DoD-2: frame sampling ──────────────────────────────────────────────────────────────────

/** One labelled clip: the pipeline's probe and scene signal, and the scenes it was built from. */
export interface ClipRow {
  id: string;
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  analysisFps: number;
  scores: number[];
  /** Where each scene's picture is on screen alone (cross-fades excluded). */
  scenes: { start: number; end: number; label: string }[];
  transitions: string[];
}

/** What DoD-2 asks of the test split: scene coverage within this budget (gpt-4o). */
export const FRAME_TARGETS = {
  coverage: 0.95,
  budget: { maxTokens: 1250, maxLatencyMs: 1700 } satisfies FrameBudget,
} as const;

export function loadClips(split: Split): ClipRow[] {
  return loadSplit<ClipRow>(import.meta.dirname, 'clips', split);
}

/** What the sampler gets for a clip. */
export function framePlanInput(row: ClipRow): FramePlanInput {
  return {
    durationSeconds: row.durationSeconds,
    frame: frameSize(row),
    signal: { analysisFps: row.analysisFps, scores: row.scores },
  };
}

/** The most frames a request may carry within `budget` (the judge's own count). */
export function framesWithin(budget: FrameBudget, frame: Size, model: ModelRef = KPI_MODEL): number {
  let n = 0;
  for (;;) {
    const next = estimateFrameRequest(n + 1, frame, model);
    if (next.tokens > budget.maxTokens || next.latencyMs > budget.maxLatencyMs || n >= 10_000) return n;
    n += 1;
  }
}

/** Why a list of frame times is not a plan, or undefined. */
export function invalidTimes(times: unknown, durationSeconds: number): string | undefined {
  if (!Array.isArray(times)) return 'not an array of times';
  for (const [i, t] of times.entries()) {
    if (typeof t !== 'number' || !Number.isFinite(t)) return `time ${i} is ${String(t)}`;
    if (t < 0 || t >= durationSeconds) return `time ${t} is outside the video (0 to ${durationSeconds} s)`;
    if (i > 0 && t <= (times[i - 1] as number)) return 'times are not ascending and distinct';
  }
  return undefined;
}

export interface ClipOutcome {
  row: ClipRow;
  times: number[];
  /** Scenes with at least one frame. */
  covered: number;
  /** Why the plan is not acceptable (over budget, bad times, an error). */
  problem?: string;
}

export interface FrameScore {
  outcomes: ClipOutcome[];
  scenes: number;
  covered: number;
  coverage: number;
  /** Plans over the budget, with bad times, or that threw. */
  failed: number;
  meanFrames: number;
}

type Sampler = (video: FramePlanInput, options: FramePlanOptions) => number[];

/** Samples every clip with `sample` within `budget`, and scores scene coverage. A failed plan covers nothing. */
export function scoreFramePlans(
  rows: readonly ClipRow[],
  sample: Sampler,
  budget: FrameBudget = FRAME_TARGETS.budget,
): FrameScore {
  const outcomes = rows.map((row): ClipOutcome => {
    const input = framePlanInput(row);
    let times: number[];
    try {
      times = sample(input, { ...KPI_MODEL, budget });
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      return { row, times: [], covered: 0, problem: reason };
    }
    const bad = invalidTimes(times, row.durationSeconds);
    const most = framesWithin(budget, input.frame);
    const problem = bad ?? (times.length > most ? `${times.length} frames, the budget allows ${most}` : undefined);
    if (problem) return { row, times: Array.isArray(times) ? times : [], covered: 0, problem };
    const covered = row.scenes.filter((s) => times.some((t) => t >= s.start && t < s.end)).length;
    return { row, times, covered };
  });
  const scenes = rows.reduce((sum, r) => sum + r.scenes.length, 0);
  const covered = outcomes.reduce((sum, o) => sum + o.covered, 0);
  return {
    outcomes,
    scenes,
    covered,
    coverage: scenes === 0 ? 0 : covered / scenes,
    failed: outcomes.filter((o) => o.problem).length,
    meanFrames: outcomes.reduce((sum, o) => sum + o.times.length, 0) / Math.max(1, outcomes.length),
  };
}

// ─── DoD-3: instructions in images ──────────────────────────────────────────────────────────

/** One labelled description: 1 when the text in the picture is aimed at the AI pipeline. */
export interface DescriptionRow {
  id: string;
  text: string;
  label: 0 | 1;
}

/** What DoD-3 asks of the test split. */
export const TEXT_TARGETS = { tpr: 0.85, falseFlags: 0.05 } as const;

export function loadDescriptions(split: Split): DescriptionRow[] {
  return loadSplit<DescriptionRow>(import.meta.dirname, 'descriptions', split);
}

export interface FlagScore {
  tpr: number;
  falseFlagRate: number;
  misses: DescriptionRow[];
  falseFlags: DescriptionRow[];
  injected: number;
  benign: number;
}

/** Flags every row with `find` (flagged = at least one reason) and scores it. */
export function scoreFlags(rows: readonly DescriptionRow[], find: (text: string) => string[]): FlagScore {
  const flagged = (row: DescriptionRow) => find(row.text).length > 0;
  const injected = rows.filter((r) => r.label === 1);
  const benign = rows.filter((r) => r.label === 0);
  const misses = injected.filter((r) => !flagged(r));
  const falseFlags = benign.filter(flagged);
  return {
    tpr: injected.length === 0 ? 0 : (injected.length - misses.length) / injected.length,
    falseFlagRate: benign.length === 0 ? 0 : falseFlags.length / benign.length,
    misses,
    falseFlags,
    injected: injected.length,
    benign: benign.length,
  };
}
