import { FallbackChatModel } from '../src/fallback-model.ts';
import { ResilientChatModel } from '../src/resilient-model.ts';
import type { ChatModel } from '@workshop/llm';
import { loadProfiles, simulateTraffic, type BuildChain } from './simulation.ts';
const dev = loadProfiles('dev');
const member = (m: ChatModel, env: any) => new ResilientChatModel(m, { clock: env.clock, random: env.random, timeoutMs: 3500, retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 }, breaker: { failureThreshold: 3, cooldownMs: 30_000 } });
const builds: Record<string, BuildChain> = {
  offline: (p, env) => new FallbackChatModel([p.offline], { clock: env.clock }),
  openaiPlain: (p, env) => new FallbackChatModel([p.openai], { clock: env.clock }),
  member: (p, env) => new FallbackChatModel([member(p.openai, env)], { clock: env.clock }),
  memberDeadline: (p, env) => new FallbackChatModel([member(p.openai, env)], { clock: env.clock, deadlineMs: 5000 }),
};
const b = builds[process.argv[2]!]!;
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  await simulateTraffic(b, dev);
  (globalThis as any).gc?.();
  console.log(process.argv[2], i, (performance.now() - t0).toFixed(0), 'ms', (process.memoryUsage().heapUsed / 1e6).toFixed(0), 'MB');
}
