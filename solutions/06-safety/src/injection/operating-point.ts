/**
 * The guard's operating point: which prompts the input guard flags. A lower threshold catches more
 * injections and holds more ordinary requests; the right one depends on what each mistake costs,
 * and on the scores of the model you actually ship — so it is computed from both, never typed in.
 */
import type { GuardBudget } from '../costs.ts';
import { isFlagged, type OperatingPoint, type ScoredPrompt } from './calibration.ts';

/**
 * The threshold with the lowest total cost on the dev prompts (misses × `budget.miss` + false
 * flags × `budget.falseFlag`) among those that keep over-refusal on the dev direct requests
 * within `budget.maxOverRefusal`. Candidates are the dev probabilities themselves: between two of
 * them every threshold makes the same decisions. On a tie the higher threshold wins: the same
 * cost on dev with fewer flags, so fewer surprises on traffic that looks unlike dev.
 */
export function chooseOperatingPoint(dev: readonly ScoredPrompt[], budget: GuardBudget): OperatingPoint {
  if (dev.length === 0) throw new Error('chooseOperatingPoint needs dev scores, got none');
  const direct = dev.filter((prompt) => prompt.split === 'direct-requests');
  const overRefusal = (point: OperatingPoint) =>
    direct.length === 0 ? 0 : direct.filter((prompt) => isFlagged(prompt, point)).length / direct.length;
  const cost = (point: OperatingPoint) =>
    dev.reduce((total, prompt) => {
      const flagged = isFlagged(prompt, point);
      if (prompt.label === 1 && !flagged) return total + budget.miss;
      if (prompt.label === 0 && flagged) return total + budget.falseFlag;
      return total;
    }, 0);
  const highest = Math.max(...dev.map((prompt) => prompt.probability));
  const candidates = [highest + 1e-9, ...new Set(dev.map((prompt) => prompt.probability))].sort((a, b) => b - a);
  let best = { threshold: candidates[0] as number, cost: Number.POSITIVE_INFINITY };
  for (const threshold of candidates) {
    if (overRefusal({ threshold }) > budget.maxOverRefusal) break; // lower thresholds only flag more
    const total = cost({ threshold });
    if (total < best.cost) best = { threshold, cost: total };
  }
  return { threshold: best.threshold };
}
