import { describe, expect, it } from 'vitest';
import {
  createChatModel,
  createEmbeddingModel,
  describeProviderConfig,
  GloveEmbeddingModel,
  OfflineChatModel,
  OfflineEmbeddingModel,
  OllamaChatModel,
  OllamaEmbeddingModel,
  OpenAIChatModel,
  OpenAIEmbeddingModel,
} from '../src/index.ts';

describe('createChatModel / createEmbeddingModel', () => {
  it('default to the offline provider with an empty environment', () => {
    expect(createChatModel({})).toBeInstanceOf(OfflineChatModel);
    const embedder = createEmbeddingModel({});
    expect(embedder).toBeInstanceOf(GloveEmbeddingModel);
    expect(embedder.dimensions).toBe(100);
    const hash = createEmbeddingModel({ OFFLINE_EMBEDDING_MODEL: 'hash' });
    expect(hash).toBeInstanceOf(OfflineEmbeddingModel);
    expect(hash.dimensions).toBe(384);
  });

  it('build OpenAI models with the documented defaults', () => {
    const chat = createChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' });
    expect(chat).toBeInstanceOf(OpenAIChatModel);
    expect(chat.modelId).toBe('gpt-4o-mini');
    const embedder = createEmbeddingModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' });
    expect(embedder).toBeInstanceOf(OpenAIEmbeddingModel);
    expect(embedder).toMatchObject({ modelId: 'text-embedding-3-small', dimensions: 1536 });
    expect(
      createEmbeddingModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'k', OPENAI_EMBEDDING_DIMENSIONS: '512' })
        .dimensions,
    ).toBe(512);
  });

  it('build Ollama models with the documented defaults, accepting a bare host:port', () => {
    const chat = createChatModel({ LLM_PROVIDER: 'Ollama', OLLAMA_HOST: 'localhost:11434' });
    expect(chat).toBeInstanceOf(OllamaChatModel);
    expect(chat).toMatchObject({ modelId: 'llama3.2', host: 'http://localhost:11434' });
    const embedder = createEmbeddingModel({ LLM_PROVIDER: 'ollama' });
    expect(embedder).toBeInstanceOf(OllamaEmbeddingModel);
    expect(embedder).toMatchObject({ modelId: 'nomic-embed-text', dimensions: 768 });
  });

  it('let EMBEDDING_PROVIDER differ from LLM_PROVIDER', () => {
    const env = { LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', EMBEDDING_PROVIDER: 'offline' };
    expect(createChatModel(env)).toBeInstanceOf(OpenAIChatModel);
    expect(createEmbeddingModel(env)).toBeInstanceOf(GloveEmbeddingModel);
  });

  it('reject an unknown provider naming LLM_PROVIDER and the allowed values', () => {
    expect(() => createChatModel({ LLM_PROVIDER: 'anthropic' })).toThrow(
      'LLM_PROVIDER="anthropic" is not a known provider; use one of: offline, openai, ollama',
    );
    expect(() => createEmbeddingModel({ EMBEDDING_PROVIDER: 'cohere' })).toThrow(/EMBEDDING_PROVIDER="cohere"/);
  });

  it('require OPENAI_API_KEY for OpenAI itself, but not for a compatible server', () => {
    expect(() => createChatModel({ LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY is not set/);
    expect(() => createChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: '  ' })).toThrow(/OPENAI_API_KEY/);
    const local = createChatModel({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://localhost:8000/v1/',
      OPENAI_MODEL: 'qwen2.5',
    });
    expect(local).toMatchObject({ modelId: 'qwen2.5', baseURL: 'http://localhost:8000/v1' });
  });

  it('reject malformed URLs and numbers naming the variable and the value', () => {
    expect(() => createChatModel({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'localhost 8000' })).toThrow(
      'OPENAI_BASE_URL="localhost 8000" is not a valid URL',
    );
    expect(() => createChatModel({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'ftp://x/v1' })).toThrow(
      /OPENAI_BASE_URL="ftp:\/\/x\/v1"/,
    );
    expect(() => createChatModel({ LLM_PROVIDER: 'ollama', OLLAMA_HOST: 'http://' })).toThrow(
      /OLLAMA_HOST="http:\/\/"/,
    );
    expect(() => createEmbeddingModel({ OFFLINE_EMBEDDING_DIMENSIONS: 'big' })).toThrow(
      'OFFLINE_EMBEDDING_DIMENSIONS="big" must be a positive integer',
    );
  });

  it('throw ProviderErrors of kind config', () => {
    try {
      createChatModel({ LLM_PROVIDER: 'openai' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'ProviderError', kind: 'config', retryable: false });
    }
  });
});

describe('describeProviderConfig', () => {
  it('reports the offline default with nothing to probe', () => {
    const d = describeProviderConfig({});
    expect(d.chat).toMatchObject({ provider: 'offline', error: undefined });
    expect(d.embedding).toMatchObject({ provider: 'offline', model: 'offline-glove' });
    expect(d.probes).toEqual([]);
  });

  it('lists the URLs to probe and collects errors instead of throwing, without leaking the key', () => {
    const d = describeProviderConfig({
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-abcdefghijkl1234',
      EMBEDDING_PROVIDER: 'ollama',
      OLLAMA_HOST: 'http://gpu-box:11434',
    });
    expect(d.probes).toEqual([
      {
        service: 'openai',
        url: 'https://api.openai.com/v1/models',
        authVariable: 'OPENAI_API_KEY',
        urlVariable: 'OPENAI_BASE_URL',
      },
      {
        service: 'ollama',
        url: 'http://gpu-box:11434/api/version',
        authVariable: undefined,
        urlVariable: 'OLLAMA_HOST',
      },
    ]);
    expect(d.chat).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', endpoint: 'https://api.openai.com/v1' });
    expect(d.variables.find((v) => v.name === 'OPENAI_API_KEY')?.value).toBe('****1234');
    const broken = describeProviderConfig({ LLM_PROVIDER: 'openai' });
    expect(broken.chat.error).toMatch(/OPENAI_API_KEY is not set/);
  });
});
