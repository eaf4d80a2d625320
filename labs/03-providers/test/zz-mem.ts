import { FallbackChatModel } from '../src/fallback-model.ts';
import { ResilientChatModel } from '../src/resilient-model.ts';
import type { ChatModel } from '@workshop/llm';
import { loadProfiles, simulateTraffic, type BuildChain } from './simulation.ts';
const dev = loadProfiles('dev');
const member = (m: ChatModel, env: any) => new ResilientChatModel(m, { clock: env.clock, random: env.random, timeoutMs: 3500, retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 }, breaker: { failureThreshold: 3, cooldownMs: 30_000 } });
const build: BuildChain = (p, env) => new FallbackChatModel([new FallbackChatModel([member(p.openai, env), member(p.mistral, env)], { clock: env.clock, deadlineMs: 5500 }), p.offline], { clock: env.clock });
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  await simulateTraffic(build, dev);
  (globalThis as any).gc?.();
  console.log(i, (performance.now() - t0).toFixed(0), 'ms', (process.memoryUsage().heapUsed / 1e6).toFixed(0), 'MB');
}
