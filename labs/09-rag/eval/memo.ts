/**
 * Memoised offline models, so a re-check after a save costs the work that changed and not the
 * rest: the offline embedding model and the extractive simulator are pure functions of their
 * input, so an answer from the memo is exactly the answer the model would give. The memos live as
 * long as the test worker (or the report's process) and are bounded.
 */
import type { ChatModel, ChatRequest, ChatResponse, EmbeddingModel, EmbeddingResult } from '@workshop/llm';

const MAX_ENTRIES = 50_000;
const vectors = new Map<string, number[]>();
const answers = new Map<string, ChatResponse>();

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
}

/** `model`, embedding each distinct text once per process. */
export function memoizedEmbedder(model: EmbeddingModel): EmbeddingModel {
  const space = `${model.provider}/${model.modelId}/${model.version}\u0000`;
  return {
    provider: model.provider,
    modelId: model.modelId,
    version: model.version,
    dimensions: model.dimensions,
    normalized: model.normalized,
    maxBatchSize: model.maxBatchSize,
    async embed(texts, options): Promise<EmbeddingResult> {
      const missing = [...new Set(texts.filter((text) => !vectors.has(space + text)))];
      const fresh = missing.length > 0 ? await model.embed(missing, options) : undefined;
      missing.forEach((text, i) => {
        remember(vectors, space + text, fresh?.embeddings[i] as number[]);
      });
      const embeddings = texts.map((text) => vectors.get(space + text) as number[]);
      return fresh ? { ...fresh, embeddings } : { embeddings, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true } };
    },
  };
}

/** `model` (deterministic, offline), answering each distinct request once per process. */
export function memoizedChat(model: ChatModel): ChatModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    capabilities: model.capabilities,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const key = `${model.modelId}\u0000${request.maxOutputTokens ?? ''}\u0000${JSON.stringify(request.messages)}`;
      const known = answers.get(key);
      if (known) return known;
      const response = await model.generate(request);
      remember(answers, key, response);
      return response;
    },
    stream: (request) => model.stream(request),
  };
}
