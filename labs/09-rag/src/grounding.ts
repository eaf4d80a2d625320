/**
 * Citations and groundedness: every `[n]` must point at a source the model was given, and every
 * answer sentence must be supported by the sources it cites (`isSupported`, DoD-5, decides what
 * "supported" means). Parsing the markers and sentences is given.
 * Given code: the same file in the starter and the solution.
 */
import { SIMULATOR_PREFIX } from '@workshop/llm';
import { isSupported } from './supported.ts';
import { splitSentences } from './text.ts';

/** The verdict on one answer sentence. */
export interface SentenceCheck {
  /** The sentence, markers included. */
  sentence: string;
  /** Markers it cites, e.g. `[1, 3]`. */
  markers: number[];
  /** Cites at least one valid source, and `isSupported(sentence, cited sources)`. */
  supported: boolean;
}

/** The verdict on a whole answer. */
export interface GroundednessReport {
  /** One check per sentence. */
  sentences: SentenceCheck[];
  /** Markers that point at no source (`[7]` when there were 3). */
  invalidMarkers: number[];
  /** Share of supported sentences (0 when there are none). */
  score: number;
  /** No invalid marker and `score >= minGroundedFraction`. */
  grounded: boolean;
}

/** Options of the check. */
export interface GroundednessOptions {
  /** Share of sentences that must be supported. Default 1: one unsupported sentence is one too many. */
  minGroundedFraction?: number;
}

/** Every `[n]` marker in `text`, in order, with repeats. `[1, 2]` and `[1][2]` both count. */
export function citationMarkers(text: string): number[] {
  const markers: number[] = [];
  for (const match of text.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const n of (match[1] as string).split(',')) markers.push(Number(n.trim()));
  }
  return markers;
}

/** The answer without the offline simulator's label. */
export function stripSimulatorPrefix(answer: string): string {
  return answer.startsWith(SIMULATOR_PREFIX) ? answer.slice(SIMULATOR_PREFIX.length) : answer;
}

/**
 * Answer sentences with their markers: split after each marker and at sentence ends. A sentence
 * that starts with markers ("… days. [1] Next…") hands them to the sentence before, where models
 * put them.
 */
export function answerSentences(answer: string): string[] {
  const sentences: string[] = [];
  for (const line of stripSimulatorPrefix(answer).split('\n')) {
    // A marker ends a claim (the policy asks for one per sentence), also after a table row.
    const claims = line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').split(/(?<=\[\d+(?:\s*,\s*\d+)*\][.!?;:]?)\s+/);
    for (const sentence of claims.flatMap((claim) => splitSentences(claim))) {
      const lead = /^(?:\s*\[\d+(?:\s*,\s*\d+)*\])+/.exec(sentence);
      if (lead && sentences.length > 0) {
        sentences[sentences.length - 1] += ` ${lead[0].trim()}`;
        const rest = sentence.slice(lead[0].length).trim();
        if (rest) sentences.push(rest);
      } else sentences.push(sentence);
    }
  }
  // A sentence of nothing but markers (answer opens with "[1]") says nothing to check.
  return sentences.filter((s) => /[\p{L}\p{N}]/u.test(s.replace(/\[[\d,\s]+\]/g, '')));
}

/**
 * Check `answer` against `sources` (marker `[n]` is `sources[n - 1]`, the text the model was given).
 */
export function checkGroundedness(
  answer: string,
  sources: readonly string[],
  options: GroundednessOptions = {},
): GroundednessReport {
  const minGroundedFraction = options.minGroundedFraction ?? 1;
  const invalid = new Set<number>();
  const sentences = answerSentences(answer).map((sentence): SentenceCheck => {
    const markers = [...new Set(citationMarkers(sentence))];
    const cited = markers.filter((n) => Number.isInteger(n) && n >= 1 && n <= sources.length);
    for (const n of markers) if (!cited.includes(n)) invalid.add(n);
    const claim = sentence
      .replace(/\[[\d,\s]+\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const evidence = cited.map((n) => sources[n - 1] as string).join('\n');
    return { sentence, markers, supported: cited.length > 0 && isSupported(claim, evidence) };
  });
  const supportedCount = sentences.filter((s) => s.supported).length;
  const score = sentences.length === 0 ? 0 : supportedCount / sentences.length;
  return {
    sentences,
    invalidMarkers: [...invalid].sort((a, b) => a - b),
    score,
    grounded: invalid.size === 0 && sentences.length > 0 && score >= minGroundedFraction,
  };
}
