/**
 * A chat model that plays a script: each call returns the next turn (tool calls or a final text),
 * whatever the conversation says. It obeys every instruction it was scripted to obey, like a model
 * an attacker has talked round, so the scenarios judge the boundary, not the model. Tokens are
 * estimated from the conversation (about four characters a token) and priced as gpt-4o-mini.
 */
import {
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamEvent,
  costOf,
  type ToolCall,
} from '@workshop/llm';

/** One scripted turn: tool calls (name and arguments), or the final answer. */
export type Turn = { calls: [string, Record<string, unknown>][] } | { say: string };

const tokens = (text: string) => Math.ceil(text.length / 4);

export class ScriptedChatModel implements ChatModel {
  readonly provider = 'openai';
  readonly modelId = 'gpt-4o-mini';
  readonly capabilities = { streaming: false, tools: true, jsonOutput: false, vision: false };
  readonly #turns: Turn[];
  /** Calls made so far. */
  calls = 0;
  /** Called after each turn is handed out (e.g. a server that changes after the second turn). */
  onTurn: ((turn: number) => void) | undefined;

  constructor(turns: readonly Turn[]) {
    this.#turns = [...turns];
  }

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const turn = this.#turns[this.calls] ?? { say: 'Done.' };
    this.calls += 1;
    this.onTurn?.(this.calls);
    const toolCalls: ToolCall[] =
      'calls' in turn
        ? turn.calls.map(([name, args], index) => ({
            id: `call_${this.calls}_${index + 1}`,
            name,
            arguments: JSON.stringify(args),
          }))
        : [];
    const text = 'say' in turn ? turn.say : '';
    const inputTokens = tokens(JSON.stringify(request.messages)) + 60 * (request.tools?.length ?? 0);
    const outputTokens = 8 + tokens(text + JSON.stringify(toolCalls));
    const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    return {
      text,
      toolCalls,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      usage,
      cost: costOf(this.provider, this.modelId, usage),
      provider: this.provider,
      model: this.modelId,
      latencyMs: 0,
      timeToFirstTokenMs: 0,
      message: { role: 'assistant', content: text, ...(toolCalls.length > 0 ? { toolCalls } : {}) },
    };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    yield { type: 'finish', response: await this.generate(request) };
  }
}
