import type { ChatModel, ChatResponse } from '@workshop/llm';
import { createService } from './src/service.ts';
import { loadWorkshopCorpus } from './src/corpus.ts';
const model: ChatModel = {
  provider: 'openai', modelId: 'gpt-4o-mini', capabilities: { streaming: false, tools: false, jsonOutput: false, vision: false },
  async generate(req) {
    const sources = String(req.messages.find((m) => m.role === 'user')?.content ?? '');
    const text = (sources.split('\n').find((l) => /\[\d+\][.!?:;]?$/.test(l.trim())) ?? "I don't know.").trim();
    const usage = { inputTokens: 400, outputTokens: 30, totalTokens: 430 };
    return { text, toolCalls: [], finishReason: 'stop', usage, cost: { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: true }, provider: 'openai', model: 'gpt-4o-mini', latencyMs: 1, timeToFirstTokenMs: 1, message: { role: 'assistant', content: text } } satisfies ChatResponse;
  },
  stream() { throw new Error('no'); },
};
const keys = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`u${i}`, `bench-key-${i}-0123456789abcdef`]));
const svc = await createService({ documents: loadWorkshopCorpus(), chatModels: [model], apiKeys: keys, log: () => {}, auditFile: '/tmp/prof-audit.jsonl', config: { perUserDailyTokens: 1e9, perUserRequestsPerMinute: 1e9, drainNoticeMs: 0 } });
const url = await svc.listen(0);
const run = async (n: number) => { for (let i = 0; i < n; i++) { const r = await fetch(`${url}/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer bench-key-${i % 100}-0123456789abcdef` }, body: JSON.stringify({ question: `How does the circuit breaker decide to open? (#${i}${Math.random()})` }) }); await r.text(); } };
await run(300);
const t0 = performance.now(); const c0 = process.cpuUsage();
await run(1500);
const c = process.cpuUsage(c0);
console.log('ms/req wall', ((performance.now() - t0) / 1500).toFixed(3), 'cpu (incl. fetch client)', ((c.user + c.system) / 1000 / 1500).toFixed(3));
await svc.close({ noticeMs: 0 });
