import { ollamaModel, VLLM_DEFAULTS, vllmModel } from '@lab/backends.ts';
import { useMockNetwork } from '@workshop/testkit';
import { describe, expect, it } from 'vitest';

const network = useMockNetwork();

describe('backends (given): vLLM through the OpenAI adapter, Ollama through its own', () => {
  it('vllmModel() talks to vLLM at its default address, with no key of its own', async () => {
    const vllm = network.openaiCompatible(VLLM_DEFAULTS.baseURL);
    vllm.script({ content: 'hello from vLLM' });
    const response = await vllmModel({}).generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response.text).toBe('hello from vLLM');
    expect(vllm.chatRequests[0]?.model).toBe(VLLM_DEFAULTS.model);
    expect(network.openai.requests).toHaveLength(0);
  });

  it('never sends the hosted OPENAI_API_KEY to the self-hosted server', async () => {
    const vllm = network.openaiCompatible('http://gpu-box.internal:8000/v1');
    await vllmModel({
      VLLM_BASE_URL: 'http://gpu-box.internal:8000/v1',
      VLLM_MODEL: 'qwen',
      OPENAI_API_KEY: 'sk-hosted-secret',
    }).generate({
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(vllm.chatRequests[0]?.model).toBe('qwen');
    expect(JSON.stringify(vllm.requests[0]?.headers)).not.toContain('sk-hosted-secret');
  });

  it('ollamaModel() talks to Ollama with OLLAMA_MODEL', async () => {
    network.ollama.script({ content: 'hello from Ollama' });
    const response = await ollamaModel({ OLLAMA_MODEL: 'llama3.2' }).generate({
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.text).toBe('hello from Ollama');
    expect(network.ollama.chatRequests[0]?.model).toBe('llama3.2');
  });
});
