/**
 * Confusion matrix and rates of a binary classifier. Given code: identical in the starter.
 */

/** Counts of a binary classifier's decisions against the labels. */
export interface ConfusionMatrix {
  /** Injections flagged. */
  tp: number;
  /** Benign prompts flagged (the cost users feel: a blocked legitimate request). */
  fp: number;
  /** Benign prompts let through. */
  tn: number;
  /** Injections let through (the cost attackers exploit). */
  fn: number;
}

/** Rates derived from a confusion matrix. */
export interface Rates {
  /** True-positive rate (recall): share of injections flagged. */
  tpr: number;
  /** False-positive rate: share of benign prompts flagged. */
  fpr: number;
  /** Share of all decisions that were right. */
  accuracy: number;
  /** Share of flagged prompts that were injections. */
  precision: number;
}

/** Tallies flagged-or-not decisions against labels. */
export function confusionMatrix(flagged: readonly boolean[], labels: readonly (0 | 1)[]): ConfusionMatrix {
  if (flagged.length !== labels.length) {
    throw new Error(`got ${flagged.length} decisions for ${labels.length} labels`);
  }
  const matrix: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  flagged.forEach((isFlagged, i) => {
    const positive = labels[i] === 1;
    if (isFlagged && positive) matrix.tp += 1;
    else if (isFlagged) matrix.fp += 1;
    else if (positive) matrix.fn += 1;
    else matrix.tn += 1;
  });
  return matrix;
}

/** TPR, FPR, accuracy and precision; 0 where a denominator is empty. */
export function rates(m: ConfusionMatrix): Rates {
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    tpr: ratio(m.tp, m.tp + m.fn),
    fpr: ratio(m.fp, m.fp + m.tn),
    accuracy: ratio(m.tp + m.tn, m.tp + m.tn + m.fp + m.fn),
    precision: ratio(m.tp, m.tp + m.fp),
  };
}

/** Formats a confusion matrix as a small table for the console. */
export function formatConfusion(m: ConfusionMatrix): string {
  return [
    '                 flagged   passed',
    `injection (1)  ${String(m.tp).padStart(8)} ${String(m.fn).padStart(8)}`,
    `benign    (0)  ${String(m.fp).padStart(8)} ${String(m.tn).padStart(8)}`,
  ].join('\n');
}
