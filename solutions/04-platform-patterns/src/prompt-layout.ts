/**
 * How the parts of the support prompt are laid out in messages. The provider caches the longest
 * prefix a request shares with an earlier one; everything after the first changed character is
 * billed at the full price.
 */
import type { ChatMessage } from '@workshop/llm';
import type { PromptParts } from './prompt-parts.ts';

/**
 * The messages that carry `parts` to the model, ordered from what changes least to what changes
 * most: the deployment's policy and examples (shared by every request), the customer (shared by a
 * conversation), the history (only ever appended to), and last this turn's passages, the time and
 * the question. The date at the top, the habit of many prompts, would make every prompt unique
 * from its first line.
 */
export function layoutPrompt(parts: PromptParts): ChatMessage[] {
  return [
    { role: 'system', content: `${parts.policy}\n\n${parts.examples}` },
    { role: 'system', content: parts.customer },
    ...parts.history,
    {
      role: 'user',
      content: [
        'Relevant handbook passages:',
        ...parts.documents,
        `Now: ${parts.now}`,
        `Question: ${parts.question}`,
      ].join('\n\n'),
    },
  ];
}
