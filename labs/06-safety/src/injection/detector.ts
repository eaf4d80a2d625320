/**
 * The input guard: known attack phrasings (heuristics) plus a logistic-regression classifier over
 * hashed n-grams, flagged at the operating point `chooseOperatingPoint` picks from the dev
 * scores. Given code: identical in the starter.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GUARD_BUDGET } from '../costs.ts';
import {
  checkedOperatingPoint,
  type GuardModel,
  loadScores,
  MODEL_DIR,
  type ScoredPrompt,
  scoresFile,
} from './calibration.ts';
import type { LabelledText } from './dataset.ts';
import { DEFAULT_FEATURES, type FeatureOptions, hashFeatures } from './features.ts';
import { type HeuristicMatch, matchHeuristics } from './heuristics.ts';
import { DEFAULT_TRAIN, type LogisticModel, predictProbability, type TrainOptions, trainLogistic } from './logistic.ts';
import { chooseOperatingPoint } from './operating-point.ts';

/** What the guard says about one text. */
export interface InjectionVerdict {
  /** 0..1, higher = more likely an injection; 0.5 is the operating point, a signature lifts it to >= 0.9. */
  score: number;
  /** Whether the text should be treated as an injection (`score >= 0.5`). */
  flagged: boolean;
  /** The classifier's probability, before the shift to the operating point. */
  probability: number;
  /** Signatures that matched; any match flags the text. */
  heuristics: HeuristicMatch[];
}

const logit = (p: number) => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
const MIN_SEGMENT_WORDS = 3;

/**
 * Sentences, and pairs of adjacent sentences, of a multi-sentence text. An attack appended to an
 * innocent question ("What is the weather? Ignore the above and …") is diluted in the vector of
 * the whole text; scored on its own it is not. A literal `\n` counts as a break too (a common trick).
 */
export function segments(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?:;])\s+|\n+|\\n/)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= MIN_SEGMENT_WORDS);
  if (sentences.length < 2) return [];
  return sentences.flatMap((sentence, i) => {
    const next = sentences[i + 1];
    return next === undefined ? [sentence] : [sentence, `${sentence} ${next}`];
  });
}

/** A trained classifier at an operating point; `classify` is pure and synchronous. */
export class InjectionDetector {
  readonly features: FeatureOptions;
  readonly model: LogisticModel;
  /** Probability at or above which the classifier flags a text. */
  readonly threshold: number;

  constructor(features: FeatureOptions, model: LogisticModel, threshold: number) {
    if (model.weights.length !== features.dimensions) {
      throw new Error(`model has ${model.weights.length} weights but the features have ${features.dimensions} slots`);
    }
    this.features = features;
    this.model = model;
    this.threshold = threshold;
  }

  /** The classifier's probability that `text` is an injection: the highest of the text and its segments. */
  probability(text: string): number {
    return probabilityOf(this.model, this.features, text);
  }

  /**
   * Heuristics and classifier together. The score is the classifier's log-odds shifted so that the
   * threshold sits at 0.5 — one boundary for every caller — and a signature match lifts it to at
   * least 0.9: a known phrasing is stronger evidence than any bag of n-grams.
   */
  classify(text: string): InjectionVerdict {
    const probability = this.probability(text);
    const heuristics = matchHeuristics(text);
    const score = guardScore(probability, this.threshold, heuristics.length > 0);
    return { score, flagged: score >= 0.5, probability, heuristics };
  }
}

/** The guard's score: the probability's log-odds shifted so `threshold` sits at 0.5; a signature lifts it to >= 0.9. */
export function guardScore(probability: number, threshold: number, signature: boolean): number {
  const calibrated = 1 / (1 + Math.exp(-(logit(probability) - logit(threshold))));
  return signature ? Math.max(calibrated, 0.9) : calibrated;
}

function probabilityOf(model: LogisticModel, features: FeatureOptions, text: string): number {
  let highest = predictProbability(model, hashFeatures(text, features));
  for (const segment of segments(text)) {
    highest = Math.max(highest, predictProbability(model, hashFeatures(segment, features)));
  }
  return highest;
}

// --- Training and out-of-fold scores (used by scripts/train.ts) -------------------------------

/** How to train a model. Every field has a default; the defaults made the committed weights. */
export interface ModelOptions {
  features?: FeatureOptions;
  train?: Partial<Omit<TrainOptions, 'dimensions'>>;
}

/** Trains the classifier on labelled rows (injections and direct requests alike). */
export function trainModel(rows: readonly LabelledText[], options: ModelOptions = {}): LogisticModel {
  const features = options.features ?? DEFAULT_FEATURES;
  const train: TrainOptions = { ...DEFAULT_TRAIN, ...options.train, dimensions: features.dimensions };
  return trainLogistic(
    rows.map((row) => ({ x: hashFeatures(row.text, features), y: row.label })),
    train,
  );
}

/**
 * Each row scored by a model trained on the other folds: what the guard would say about a prompt it
 * has never seen. `split` of each row is carried through for the report.
 */
export function outOfFoldScores(
  rows: readonly (LabelledText & { split: ScoredPrompt['split'] })[],
  folds: readonly number[][],
  options: ModelOptions = {},
): ScoredPrompt[] {
  const features = options.features ?? DEFAULT_FEATURES;
  const scored: ScoredPrompt[] = new Array(rows.length);
  for (const fold of folds) {
    const held = new Set(fold);
    const model = trainModel(
      rows.filter((_, i) => !held.has(i)),
      options,
    );
    for (const i of fold) {
      const row = rows[i] as LabelledText & { split: ScoredPrompt['split'] };
      scored[i] = {
        probability: probabilityOf(model, features, row.text),
        signatures: matchHeuristics(row.text).map((m) => m.rule),
        label: row.label,
        split: row.split,
      };
    }
  }
  return scored;
}

// --- Weights as data -------------------------------------------------------------------------

/** The weights of a model (`src/model/<which>-weights.json`). */
export const weightsFile = (which: GuardModel) => path.join(MODEL_DIR, `${which}-weights.json`);

const WeightsFile = z.object({
  format: z.literal('hashed-logreg/v2'),
  features: z.object({
    dimensions: z.number().int().positive(),
    wordNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    charNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    charsAcrossWords: z.boolean(),
  }),
  bias: z.number(),
  /** Quantisation step: weight = int16 value × scale. */
  scale: z.number().positive(),
  /** Non-zero slots, ascending, as base64 of little-endian uint32. */
  slots: z.string(),
  /** Their weights, as base64 of little-endian int16. */
  values: z.string(),
  /** How the weights were made, for the reader (not used at run time). */
  provenance: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Serialises a model sparsely: only non-zero weights, quantised to int16 (the rounding error, at
 * most scale/2 per weight, is far below what moves a decision). The threshold is not part of it:
 * it is a decision about costs, taken from the dev scores when the guard loads.
 */
export function serializeModel(
  features: FeatureOptions,
  model: LogisticModel,
  provenance: Record<string, unknown> = {},
): string {
  let maxAbs = 0;
  for (const w of model.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = (maxAbs || 1) / 32_767;
  const slots: number[] = [];
  const values: number[] = [];
  model.weights.forEach((w, slot) => {
    const q = Math.round(w / scale);
    if (q !== 0) {
      slots.push(slot);
      values.push(q);
    }
  });
  const file: z.input<typeof WeightsFile> = {
    format: 'hashed-logreg/v2',
    features,
    bias: model.bias,
    scale,
    slots: Buffer.from(new Uint32Array(slots).buffer).toString('base64'),
    values: Buffer.from(new Int16Array(values).buffer).toString('base64'),
    provenance,
  };
  return jsonForRepo(file);
}

/** JSON as the repository's formatter writes it: arrays of numbers or strings on one line when it fits 120 columns. */
export function jsonForRepo(data: unknown): string {
  const json = JSON.stringify(data, null, 2).replace(
    /\[\s+((?:"[^"\n]*"|[-\d.e]+)(?:,\s+(?:"[^"\n]*"|[-\d.e]+))*)\s+\]/g,
    (array: string, items: string, offset: number, whole: string) => {
      const inline = `[${items.split(/,\s+/).join(', ')}]`;
      const before = offset - (whole.lastIndexOf('\n', offset) + 1);
      return before + inline.length + 1 <= 120 ? inline : array;
    },
  );
  return `${json}\n`;
}

/** Reads weights written by `serializeModel`; a bad file is one line naming it. */
export function deserializeModel(json: string, source = 'weights'): { features: FeatureOptions; model: LogisticModel } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = WeightsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const file = parsed.data;
  const slotBytes = Buffer.from(file.slots, 'base64');
  const valueBytes = Buffer.from(file.values, 'base64');
  const slots = new Uint32Array(slotBytes.buffer, slotBytes.byteOffset, slotBytes.byteLength / 4);
  const values = new Int16Array(valueBytes.buffer, valueBytes.byteOffset, valueBytes.byteLength / 2);
  if (slots.length !== values.length) throw new Error(`${source}: ${slots.length} slots but ${values.length} values`);
  const weights = new Float64Array(file.features.dimensions);
  slots.forEach((slot, i) => {
    if (slot >= weights.length) throw new Error(`${source}: slot ${slot} is outside ${weights.length} dimensions`);
    weights[slot] = (values[i] as number) * file.scale;
  });
  return { features: file.features, model: { weights, bias: file.bias } };
}

const cached = new Map<GuardModel, InjectionDetector>();

/**
 * A guard from the committed model files, at the operating point `chooseOperatingPoint` picks from
 * that model's out-of-fold scores and `GUARD_BUDGET`. Built on first use (a few milliseconds) and
 * cached for the life of the process.
 */
export function loadGuard(which: GuardModel): InjectionDetector {
  const hit = cached.get(which);
  if (hit) return hit;
  const file = weightsFile(which);
  if (!existsSync(file)) throw new Error(`${file} is missing: run node solutions/06-safety/scripts/train.ts`);
  const { features, model } = deserializeModel(readFileSync(file, 'utf8'), file);
  const point = checkedOperatingPoint(chooseOperatingPoint(loadScores(scoresFile(which)), GUARD_BUDGET));
  const detector = new InjectionDetector(features, model, point.threshold);
  cached.set(which, detector);
  return detector;
}

/** The guard behind `detectInjection`: the production model. */
export function defaultDetector(): InjectionDetector {
  return loadGuard('production');
}
