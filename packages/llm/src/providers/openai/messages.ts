import type { ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage } from '../../spec/messages.ts';

/** Translate spec messages to the Chat Completions wire format. */
export function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user': {
        if (!message.images?.length) return { role: 'user', content: message.content };
        const parts: ChatCompletionContentPart[] = [{ type: 'text', text: message.content }];
        for (const url of message.images) parts.push({ type: 'image_url', image_url: { url } });
        return { role: 'user', content: parts };
      }
      case 'assistant':
        return {
          role: 'assistant',
          // The API wants null, not "", for a turn that only calls tools.
          content: message.content === '' && message.toolCalls?.length ? null : message.content,
          ...(message.toolCalls?.length
            ? {
                tool_calls: message.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        };
      default:
        // Only the tool message is left (the switch is exhaustive).
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    }
  });
}
