/**
 * The input guard: heuristics plus a logistic-regression classifier over hashed n-grams, with a
 * threshold chosen for a target false-positive rate on a validation split the trainer holds out.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type LabelledText, loadAugmentationRows, loadInjectionRows, stratifiedSplit } from './dataset.ts';
import { DEFAULT_FEATURES, type FeatureOptions, hashFeatures } from './features.ts';
import { type HeuristicMatch, matchHeuristics } from './heuristics.ts';
import { DEFAULT_TRAIN, type LogisticModel, predictProbability, type TrainOptions, trainLogistic } from './logistic.ts';
import { type ConfusionMatrix, confusionMatrix, thresholdForFpr } from './metrics.ts';

/** How to train a detector. Every field has a default; the defaults made the committed weights. */
export interface DetectorTrainingOptions {
  features?: FeatureOptions;
  train?: Partial<Omit<TrainOptions, 'dimensions'>>;
  /** Largest false-positive rate accepted on the validation split (default 0.05). */
  targetFpr?: number;
  /** Share of the rows held out to choose the threshold (default 0.2). */
  validationFraction?: number;
  /** Seed of the validation split (default 42). */
  splitSeed?: number;
  /**
   * Extra rows used for training only — never for the threshold or for evaluation. The lab adds
   * hard negatives here (ordinary direct requests), because the labelled data has few of them.
   */
  augmentation?: readonly LabelledText[];
}

/** What the guard says about one text. */
export interface InjectionVerdict {
  /** 0..1, higher = more likely an injection; 0.5 is the decision boundary. */
  score: number;
  /** Whether the text should be treated as an injection. */
  flagged: boolean;
  /** The classifier's raw probability, before calibration to the threshold. */
  probability: number;
  /** Signatures that matched; any match flags the text. */
  heuristics: HeuristicMatch[];
}

/** A trained detector plus what was measured while training it. */
export interface TrainingReport {
  detector: InjectionDetector;
  /** Confusion matrix of the classifier alone on the validation split, at the chosen threshold. */
  validation: ConfusionMatrix;
  trainRows: number;
  validationRows: number;
}

const logit = (p: number) => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));

/** A trained classifier with its threshold; `classify` is pure and synchronous. */
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

  /** The classifier's probability that `text` is an injection (no heuristics). */
  probability(text: string): number {
    return predictProbability(this.model, hashFeatures(text, this.features));
  }

  /**
   * Heuristics and classifier together. The score is the classifier's log-odds shifted so that
   * the threshold sits at 0.5 — one boundary for every caller — and a signature match lifts it
   * to at least 0.9: a known phrasing is stronger evidence than any bag of n-grams.
   */
  classify(text: string): InjectionVerdict {
    const probability = this.probability(text);
    const heuristics = matchHeuristics(text);
    const calibrated = 1 / (1 + Math.exp(-(logit(probability) - logit(this.threshold))));
    const score = heuristics.length > 0 ? Math.max(calibrated, 0.9) : calibrated;
    return { score, flagged: score >= 0.5, probability, heuristics };
  }
}

/**
 * Trains on part of `rows` and picks the threshold on a stratified validation split of the rest,
 * so the FPR budget is checked on prompts the model never saw.
 */
export function trainDetector(rows: readonly LabelledText[], options: DetectorTrainingOptions = {}): TrainingReport {
  const features = options.features ?? DEFAULT_FEATURES;
  const train: TrainOptions = { ...DEFAULT_TRAIN, ...options.train, dimensions: features.dimensions };
  const [trainRows, validationRows] = stratifiedSplit(rows, options.validationFraction ?? 0.2, options.splitSeed ?? 42);
  const model = trainLogistic(
    [...trainRows, ...(options.augmentation ?? [])].map((row) => ({
      x: hashFeatures(row.text, features),
      y: row.label,
    })),
    train,
  );
  const scores = validationRows.map((row) => predictProbability(model, hashFeatures(row.text, features)));
  const labels = validationRows.map((row) => row.label);
  const threshold = thresholdForFpr(scores, labels, options.targetFpr ?? 0.05);
  return {
    detector: new InjectionDetector(features, model, threshold),
    validation: confusionMatrix(
      scores.map((s) => s >= threshold),
      labels,
    ),
    trainRows: trainRows.length,
    validationRows: validationRows.length,
  };
}

// --- Weights as data -------------------------------------------------------------------------

/** Where the committed weights live (next to this module's parent: `src/model/weights.json`). */
export const WEIGHTS_FILE = path.resolve(import.meta.dirname, '..', 'model', 'weights.json');

const WeightsFile = z.object({
  format: z.literal('hashed-logreg/v1'),
  features: z.object({
    dimensions: z.number().int().positive(),
    wordNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    charNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  }),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
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
 * Serialises a detector sparsely: only non-zero weights, quantised to int16 (the rounding error,
 * at most scale/2 per weight, is far below what moves a decision).
 */
export function serializeDetector(detector: InjectionDetector, provenance: Record<string, unknown> = {}): string {
  const { weights, bias } = detector.model;
  let maxAbs = 0;
  for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = (maxAbs || 1) / 32_767;
  const slots: number[] = [];
  const values: number[] = [];
  weights.forEach((w, slot) => {
    const q = Math.round(w / scale);
    if (q !== 0) {
      slots.push(slot);
      values.push(q);
    }
  });
  const file: z.input<typeof WeightsFile> = {
    format: 'hashed-logreg/v1',
    features: detector.features,
    bias,
    threshold: detector.threshold,
    scale,
    slots: Buffer.from(new Uint32Array(slots).buffer).toString('base64'),
    values: Buffer.from(new Int16Array(values).buffer).toString('base64'),
    provenance,
  };
  // Short number arrays on one line, as the repository's formatter writes them.
  const json = JSON.stringify(file, null, 2).replace(
    /\[\s+([-\d.e,\s]+?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\s*/).join(', ')}]`,
  );
  return `${json}\n`;
}

/** Reads weights written by `serializeDetector`; a bad file is one line naming it. */
export function deserializeDetector(json: string, source = 'weights'): InjectionDetector {
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
  return new InjectionDetector(file.features, { weights, bias: file.bias }, file.threshold);
}

let cached: InjectionDetector | undefined;

/**
 * The detector behind `detectInjection`: the committed weights when `src/model/weights.json`
 * exists, otherwise one trained on the fixture with the default options on first use (well under
 * a second). Cached for the life of the process.
 */
export function defaultDetector(): InjectionDetector {
  if (cached) return cached;
  cached = existsSync(WEIGHTS_FILE)
    ? deserializeDetector(readFileSync(WEIGHTS_FILE, 'utf8'), WEIGHTS_FILE)
    : trainDetector(loadInjectionRows(), { augmentation: loadAugmentationRows() }).detector;
  return cached;
}
