/**
 * Binary logistic regression over sparse hashed features, trained with stochastic gradient
 * descent and L2 regularisation. Small enough to read in one sitting, fast enough to train on
 * the fixture inside a test.
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
 * SGD on the log-loss with L2 regularisation. Classes are re-weighted so that both contribute
 * equally (the data has fewer injections than benign prompts).
 */
export function trainLogistic(examples: readonly Example[], options: TrainOptions): LogisticModel {
  // TODO (DoD-2): the training loop. Throw a one-line Error for an empty set or a single label.
  //  - `weights = new Float64Array(options.dimensions)`, `bias = 0`, `random = seededRandom(options.seed)`.
  //  - Class weights so both labels count equally: `n / (2 * count(label))`.
  //  - For each epoch: `rate = options.learningRate / (1 + epoch * options.decay)`;
  //    for each example of `shuffled(examples, random)`:
  //      p = predictProbability({ weights, bias }, x);  g = (p - y) * classWeight[y];
  //      for each (slot, value) of x: weights[slot] -= rate * (g * value + options.l2 * weights[slot]);
  //      bias -= rate * g;
  //  - Return `{ weights, bias }`. Same seed + same data must give the same weights.
  void examples;
  void options;
  void seededRandom;
  void shuffled;
  throw new Error('TODO: trainLogistic — SGD on the log-loss with L2 regularisation');
}
