import { defaultDetector } from './detector.ts';

/**
 * Is `text` a prompt injection? `score` is in [0, 1] with the decision boundary at 0.5;
 * `flagged` is `score >= 0.5`. Synchronous and sub-millisecond: call it on every prompt.
 */
export function detectInjection(text: string): { score: number; flagged: boolean } {
  if (typeof text !== 'string') throw new TypeError(`detectInjection expects a string, got ${typeof text}`);
  const { score, flagged } = defaultDetector().classify(text);
  return { score, flagged };
}
