/**
 * Chat models for the tests that need a model to misbehave on cue: one that streams whatever a
 * function of the request says, in the pieces it says (a canary split across chunks, an e-mail
 * address cut in two), and a recorder that keeps the requests a real model received.
 */
import type { ChatModel, ChatRequest, ChatResponse, ChatStreamEvent } from '@workshop/llm';
import { costOf, countMessageTokens, countTokens } from '@workshop/llm';

/** A model that streams `write(request)` piece by piece (and answers it whole to `generate`). */
export function scriptedModel(
  write: (request: ChatRequest) => string[],
  options: { provider?: string; modelId?: string } = {},
): ChatModel & { requests: ChatRequest[]; yielded: number[] } {
  const provider = options.provider ?? 'scripted';
  const modelId = options.modelId ?? 'scripted-1';
  const requests: ChatRequest[] = [];
  /** Per streamed call, how many pieces the consumer took before it stopped (or all of them). */
  const yielded: number[] = [];
  const respond = (request: ChatRequest, text: string): ChatResponse => {
    const usage = {
      inputTokens: countMessageTokens(request.messages),
      outputTokens: countTokens(text),
      totalTokens: countMessageTokens(request.messages) + countTokens(text),
    };
    return {
      text,
      toolCalls: [],
      finishReason: 'stop',
      usage,
      cost: costOf(provider, modelId, usage),
      provider,
      model: modelId,
      latencyMs: 1,
      timeToFirstTokenMs: 1,
      message: { role: 'assistant', content: text },
    };
  };
  return {
    provider,
    modelId,
    capabilities: { streaming: true, tools: false, jsonOutput: false, vision: false },
    requests,
    yielded,
    async generate(request) {
      requests.push(request);
      return respond(request, write(request).join(''));
    },
    async *stream(request): AsyncIterable<ChatStreamEvent> {
      requests.push(request);
      const pieces = write(request);
      const call = yielded.push(0) - 1;
      for (const text of pieces) {
        yield { type: 'text-delta', text };
        yielded[call] = (yielded[call] ?? 0) + 1;
      }
      yield { type: 'finish', response: respond(request, pieces.join('')) };
    },
  };
}

/** `model`, recording every request it receives. */
export function recording<M extends ChatModel>(model: M): M & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return Object.assign(Object.create(model) as M, {
    requests,
    generate: (request: ChatRequest) => {
      requests.push(request);
      return model.generate(request);
    },
    stream: (request: ChatRequest) => {
      requests.push(request);
      return model.stream(request);
    },
  });
}

/** The system message of a request (the prompt with its canary line). */
export function systemOf(request: ChatRequest | undefined): string {
  const content = request?.messages.find((m) => m.role === 'system')?.content;
  return typeof content === 'string' ? content : '';
}

/** The canary of a system prompt, e.g. `canary-3f9a1c0b7d2e4a61`. */
export function canaryOf(request: ChatRequest | undefined): string {
  const found = /canary-[0-9a-f]{16}/.exec(systemOf(request))?.[0];
  if (!found) throw new Error('no canary in the system message: was the model called?');
  return found;
}

/** Lower-case words only: the way a leak check must read text (spacing, case, punctuation ignored). */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Runs of `n` consecutive words of `source` that appear in `text` (words compared lower-case). */
export function sharedRuns(source: string, text: string, n = 5): string[] {
  const words = (t: string) =>
    t
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const haystack = ` ${words(text).join(' ')} `;
  const list = words(source);
  const found: string[] = [];
  for (let i = 0; i + n <= list.length; i++) {
    const run = list.slice(i, i + n).join(' ');
    if (haystack.includes(` ${run} `)) found.push(run);
  }
  return found;
}

/** What of the system prompt `text` leaks: five-word runs of it, and its canary (even spaced out). */
export function leaksIn(text: string, system: string, canary: string): string[] {
  const found = sharedRuns(system, text);
  if (squash(text).includes(squash(canary.replace(/^canary-/, '')))) found.push(`the canary ${canary}`);
  return found;
}
