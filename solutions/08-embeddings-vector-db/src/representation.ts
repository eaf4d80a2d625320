/**
 * DoD-2: the smallest representation of the vectors whose Recall@10 loss stays within the budget —
 * on queries nobody measured yet, not only on the dev queries.
 */
import { wilsonInterval } from '@workshop/kit';
import type { RepresentationBudget } from './policy.ts';
import type { RepresentationRow } from './representations.ts';

/**
 * Among the rows measured on dev, the one with the fewest bytes in RAM whose loss is within the
 * budget even at the pessimistic end of its 95 % interval (each query contributes 10 neighbour
 * slots), or that loses nothing (the full float32 vectors are the ground truth itself); on equal
 * bytes, the smaller loss.
 */
export function chooseRepresentation(
  rows: readonly RepresentationRow[],
  budget: RepresentationBudget,
): RepresentationRow {
  // Lossless rows always fit; the others only when sure to. (Lossless rows only as a fallback would
  // make a tighter budget pick a smaller row when nothing else is sure to fit.)
  const fits = rows.filter((row) => row.recallLoss <= 0 || worstLoss(row) <= budget.maxRecallLoss + 1e-9);
  if (fits.length === 0) {
    throw new RangeError(
      `no representation loses at most ${budget.maxRecallLoss} of Recall@10 for sure, and none is lossless: measure the full float32 vectors too`,
    );
  }
  return fits.reduce((best, row) =>
    row.bytesPerVector < best.bytesPerVector ||
    (row.bytesPerVector === best.bytesPerVector && row.recallLoss < best.recallLoss)
      ? row
      : best,
  );
}

/** The loss at the high end of the 95 % Wilson interval of the recall (a row without queries is not known to fit). */
function worstLoss(row: RepresentationRow): number {
  const slots = row.perQuery.length * 10;
  if (slots === 0) return Number.POSITIVE_INFINITY;
  const found = Math.round(row.recallAt10 * slots);
  return 1 - wilsonInterval(Math.min(found, slots), slots).low;
}
