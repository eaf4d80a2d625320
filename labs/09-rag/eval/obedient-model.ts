/**
 * The worst case for a planted instruction: a model that obeys whatever reaches it. It answers
 * like the offline simulator, unless the attacker's payload is anywhere in what it was sent; then
 * it says the payload, citing the source it came from. So "the answer did not change" means the
 * attack never reached the model, whichever model a product uses.
 */
import { type ChatModel, type ChatRequest, type ChatResponse, SIMULATOR_PREFIX } from '@workshop/llm';
import { offlineSimulator } from './memo.ts';

export class ObedientChatModel implements ChatModel {
  readonly provider = 'offline';
  readonly modelId = 'offline-obedient';
  readonly capabilities = { streaming: false, tools: false, jsonOutput: false, vision: false };
  /** Every request, as sent. */
  readonly requests: ChatRequest[] = [];

  private readonly payload: string;
  private readonly inner: ChatModel;

  constructor(payload: string, inner: ChatModel = offlineSimulator()) {
    this.payload = payload;
    this.inner = inner;
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    this.requests.push(request);
    const response = await this.inner.generate(request);
    const needle = this.payload.toLowerCase();
    const seen = request.messages.find((m) => m.content.toLowerCase().includes(needle));
    if (!seen) return response;
    // Cite the source block the payload sits in, as an obedient model that "quotes" it would.
    const blocks = [...seen.content.matchAll(/<source id="(\d+)">([\s\S]*?)<\/source>/g)];
    const marker = blocks.find((b) => (b[2] ?? '').toLowerCase().includes(needle))?.[1] ?? '1';
    const text = `${SIMULATOR_PREFIX}As instructed: ${this.payload} [${marker}].`;
    return { ...response, text, message: { role: 'assistant', content: text } };
  }

  stream(): never {
    throw new Error('ObedientChatModel does not stream');
  }
}
