/**
 * How the parts of the support prompt are laid out in messages. The provider caches the longest
 * prefix a request shares with an earlier one; everything after the first changed character is
 * billed at the full price.
 */
import type { ChatMessage } from '@workshop/llm';
import type { PromptParts } from './prompt-parts.ts';

/** The messages that carry `parts` to the model. */
export function layoutPrompt(parts: PromptParts): ChatMessage[] {
  // TODO (DoD-2): decide the order of the parts (src/prompt-parts.ts says how often each
  //   changes) so the provider's prompt cache serves as much of every prompt as it can. The model
  //   must still get every part once, the history as its own turns in order, and the question
  //   last. Judged on the test sessions against the emulated API: a cached share of the prompt
  //   tokens of at least 0.7 and a cost at least half below the same calls uncached
  //   (test/dod-2-prompt-layout.test.ts). Compare layouts on dev: node labs/04-platform-patterns/src/dev-report.ts 2
  void parts;
  throw new Error('TODO: layoutPrompt (DoD-2), see the TODO in src/prompt-layout.ts');
}
