/**
 * Retrieved text is data, not instructions. Two defences before it reaches the model:
 * 1. Delimiting (spotlighting): sources go between `<sources>` tags, and any tag-like text in a
 *    chunk that could close or open that block is escaped, so a document cannot step outside it.
 * 2. Neutralising: sentences that address the assistant ("ignore previous instructions…") are
 *    replaced by a placeholder and reported, so an extractive or obedient model cannot repeat them.
 * The patterns are deliberately narrow (a handbook is full of imperatives meant for people:
 * "Tell your manager…"); lab 06-safety goes further (classifiers, canaries).
 */
// TODO: you will need `splitSentences` from './text.ts'.

/** What replaces a neutralised sentence in the text the model sees. */
export const REDACTION = '[removed: text addressed to an AI assistant]';

/** Phrasings that address the assistant rather than a human reader. */
export const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  // TODO: regular expressions (case-insensitive) for text that talks to an AI, not to employees:
  //       "ignore/disregard/forget/override … instructions/prompts/rules/guidelines/directions"
  //       (at most ~40 characters between, within one sentence), "system/developer prompt|message|
  //       instructions", "you are now" / "from now on, you" / "pretend to be", "tell/inform/answer the
  //       user", "as an AI / dear assistant / attention, chatbot", and fake <system>/<assistant> tags.
  //       Run DoD-7: the handbook must yield exactly ONE finding — "Tell your manager…" is not an attack.
];

/** Sentences of `text` (or lines, for tables and lists) that match an instruction pattern. */
export function findInstructions(text: string): string[] {
  // TODO: split into lines, each line into sentences (splitSentences); keep those matching any pattern.
  throw new Error(`TODO: findInstructions (${text.length} chars)`);
}

/** `text` with every instruction-like sentence replaced by `REDACTION`, and what was removed. */
export function neutralizeInstructions(text: string): { text: string; removed: string[] } {
  // TODO: findInstructions(text), then replace each found sentence with REDACTION.
  throw new Error(`TODO: neutralizeInstructions (${text.length} chars)`);
}

/** Escape anything that looks like a `<source>`/`<sources>` tag so chunk text cannot close the block. */
export function escapeDelimiters(text: string): string {
  // TODO: replace the '<' of `<source`, `</source`, `<sources`, `</sources` (any case, optional spaces)
  //       with '&lt;'.
  throw new Error(`TODO: escapeDelimiters (${text.length} chars)`);
}
