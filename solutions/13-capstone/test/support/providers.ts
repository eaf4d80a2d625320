/** Real provider clients pointed at testkit's emulators (OpenAI first, Ollama second). */
import { OllamaChatModel, OpenAIChatModel } from '@workshop/llm';

/** OpenAI's `gpt-4o-mini` through the real `openai` client, at the emulated `api.openai.com`. */
export const openai = () => new OpenAIChatModel({ apiKey: 'sk-test', model: 'gpt-4o-mini' });

/** Ollama's `llama3.2` through the real `ollama` client, at the emulated `127.0.0.1:11434`. */
export const ollama = () => new OllamaChatModel({ model: 'llama3.2' });
