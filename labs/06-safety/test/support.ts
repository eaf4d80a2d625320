/**
 * Test helpers (not a test file). The model is the real `openai` client behind
 * `OpenAIChatModel`, talking to testkit's emulated OpenAI API: what the tests inspect is what
 * actually reached the API.
 */
import { type ChatModel, OpenAIChatModel } from '@workshop/llm';

/** A chat model on the emulated OpenAI API (the testkit serves `https://api.openai.com/v1`). */
export function emulatedModel(): ChatModel {
  return new OpenAIChatModel({ apiKey: 'sk-test-not-a-real-key', model: 'gpt-4o-mini' });
}

/** The `messages` array of a recorded chat request body. */
export function wireMessages(body: Record<string, unknown> | undefined): { role: string; content?: unknown }[] {
  const messages = body?.messages;
  if (!Array.isArray(messages)) throw new Error('the recorded chat request has no messages array');
  return messages as { role: string; content?: unknown }[];
}

/** Text content of a recorded OpenAI wire message. */
export function wireText(message: unknown): string {
  const content = (message as { content?: unknown } | undefined)?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('\n');
  return '';
}

/** A detector stub with a fixed score per text, for policy tests that must not depend on the model. */
export function scoredDetector(scores: Record<string, number>) {
  return (text: string) => {
    const score = scores[text] ?? 0.01;
    return { score, flagged: score >= 0.5 };
  };
}
