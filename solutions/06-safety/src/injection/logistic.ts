/**
 * Binary logistic regression over sparse hashed features, trained with stochastic gradient
 * descent and L2 regularisation. Small enough to read in one sitting, fast enough to train on
 * the lab's data in a second (`scripts/train.ts`). Given code: identical in the starter.
 */

import type { SparseVector } from './features.ts';
import { seededRandom, shuffled } from './random.ts';

/** A trained model: one weight per hashed slot plus a bias. */
export interface LogisticModel {
  /** Dense weights, one per slot (`Float64Array` of length `dimensions`). */
  weights: Float64Array;
  /** Intercept. */
  bias: number;
}

/** Training knobs. */
export interface TrainOptions {
  /** Number of slots of the feature vectors. */
  dimensions: number;
  /** Passes over the data. */
  epochs: number;
  /** Initial step size; it decays as `learningRate / (1 + epoch * decay)`. */
  learningRate: number;
  /** Learning-rate decay per epoch. */
  decay: number;
  /** L2 penalty: larger values keep weights small, so no single word decides alone. */
  l2: number;
  /** Seed for the shuffle order, so training is reproducible. */
  seed: number;
}

/** A training example: a feature vector and its label. */
export interface Example {
  x: SparseVector;
  y: 0 | 1;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, 'dimensions'> = {
  epochs: 30,
  learningRate: 0.5,
  decay: 0.1,
  l2: 1e-4,
  seed: 7,
};

/** The logistic function, written to stay finite for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** P(injection | x) under `model`. */
export function predictProbability(model: LogisticModel, x: SparseVector): number {
  let z = model.bias;
  for (let i = 0; i < x.indices.length; i += 1) {
    z += (model.weights[x.indices[i] as number] as number) * (x.values[i] as number);
  }
  return sigmoid(z);
}

/**
 * SGD on the log-loss. Classes are re-weighted so that both contribute equally (the data has
 * fewer injections than benign prompts). The L2 shrink is applied lazily — only to the weights
 * an example touches, scaled by the steps since they were last touched — which keeps each step
 * proportional to the example's size instead of to the whole weight vector.
 */
export function trainLogistic(examples: readonly Example[], options: TrainOptions): LogisticModel {
  if (examples.length === 0) throw new Error('cannot train on an empty set of examples');
  const positives = examples.filter((e) => e.y === 1).length;
  if (positives === 0 || positives === examples.length) throw new Error('training needs both labels (0 and 1)');
  const classWeight = [examples.length / (2 * (examples.length - positives)), examples.length / (2 * positives)];

  const weights = new Float64Array(options.dimensions);
  const lastStep = new Float64Array(options.dimensions);
  const random = seededRandom(options.seed);
  let bias = 0;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    const rate = options.learningRate / (1 + epoch * options.decay);
    const shrinkPerStep = 1 - rate * options.l2;
    for (const { x, y } of shuffled(examples, random)) {
      step += 1;
      // Catch up on the L2 shrink this example's weights missed since they were last touched.
      for (const slot of x.indices) {
        weights[slot] = (weights[slot] as number) * shrinkPerStep ** (step - (lastStep[slot] as number));
        lastStep[slot] = step;
      }
      const p = predictProbability({ weights, bias }, x);
      const gradient = (p - y) * (classWeight[y] as number);
      for (let i = 0; i < x.indices.length; i += 1) {
        const slot = x.indices[i] as number;
        weights[slot] = (weights[slot] as number) - rate * gradient * (x.values[i] as number);
      }
      bias -= rate * gradient;
    }
  }
  // Apply the shrink still owed to every weight, so the model is exactly the one trained.
  const finalShrink = 1 - (options.learningRate / (1 + (options.epochs - 1) * options.decay)) * options.l2;
  for (let slot = 0; slot < weights.length; slot += 1) {
    if (weights[slot] !== 0)
      weights[slot] = (weights[slot] as number) * finalShrink ** (step - (lastStep[slot] as number));
  }
  return { weights, bias };
}
