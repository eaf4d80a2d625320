/**
 * DoD-4 — when the desk says "I don't know". Fusion always has a first place, relevant or not, so
 * something must decide that nothing retrieved answers the question. Too strict and people who
 * asked a fair question get a shrug; too lax and the model is handed unrelated text and asked to
 * answer anyway.
 */
import type { RetrievedChunk } from './types.ts';

// Calibrated on dev for the default offline embedding model; recalibrate for any other.
const MIN_SIMILARITY = 0.45;

/** The candidates that count as found, best first; `[]` means "I don't know" (the model is not called). */
export function relevantHits(candidates: readonly RetrievedChunk[]): RetrievedChunk[] {
  return candidates.filter((hit) => hit.similarity >= MIN_SIMILARITY);
}
