/**
 * Retrieved text is data, not instructions. Two defences before it reaches the model:
 * 1. Delimiting (spotlighting): sources go between `<sources>` tags, and any tag-like text in a
 *    chunk that could close or open that block is escaped, so a document cannot step outside it.
 * 2. Neutralising: sentences that address the assistant ("ignore previous instructions…") are
 *    replaced by a placeholder and reported, so an extractive or obedient model cannot repeat them.
 * The patterns are deliberately narrow (a handbook is full of imperatives meant for people:
 * "Tell your manager…"); lab 06-safety goes further (classifiers, canaries).
 */
import { splitSentences } from './text.ts';

/** What replaces a neutralised sentence in the text the model sees. */
export const REDACTION = '[removed: text addressed to an AI assistant]';

/** Phrasings that address the assistant rather than a human reader. */
export const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|guidelines|directions)\b/i,
  /\b(?:system|developer)\s+(?:prompt|message|instructions?)\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\bpretend (?:to be|you are)\b/i,
  /\b(?:tell|inform|answer) the user\b/i,
  /\b(?:as an?|dear|attention,?)\s+(?:ai|assistant|language model|llm|chatbot)\b/i,
  /<\/?\s*(?:system|assistant|instructions?)\s*>/i,
];

/** Sentences of `text` (or lines, for tables and lists) that match an instruction pattern. */
export function findInstructions(text: string): string[] {
  return units(text).filter((unit) => INSTRUCTION_PATTERNS.some((pattern) => pattern.test(unit)));
}

/** `text` with every instruction-like sentence replaced by `REDACTION`, and what was removed. */
export function neutralizeInstructions(text: string): { text: string; removed: string[] } {
  const removed = findInstructions(text);
  let result = text;
  for (const sentence of removed) result = result.split(sentence).join(REDACTION);
  return { text: result, removed };
}

/** Escape anything that looks like a `<source>`/`<sources>` tag so chunk text cannot close the block. */
export function escapeDelimiters(text: string): string {
  return text.replace(/<(\s*\/?\s*sources?\b)/gi, '&lt;$1');
}

function units(text: string): string[] {
  return text.split('\n').flatMap((line) => splitSentences(line));
}
