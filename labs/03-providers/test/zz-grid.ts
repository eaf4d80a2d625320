import { FallbackChatModel } from '../src/fallback-model.ts';
import { ResilientChatModel } from '../src/resilient-model.ts';
import type { ChatModel } from '@workshop/llm';
import { loadProfiles, simulateTraffic, type BuildChain } from './simulation.ts';

const dev = loadProfiles('dev');
const test = loadProfiles('test');
const rows: string[] = [];
const member = (m: ChatModel, env: any, timeoutMs: number, maxAttempts: number, maxRetryAfterMs: number, thr: number) =>
  new ResilientChatModel(m, { clock: env.clock, random: env.random, timeoutMs, retry: { maxAttempts, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs }, breaker: { failureThreshold: thr, cooldownMs: 30_000 } });
const orders: Record<string, (p: any) => ChatModel[]> = { om: (p) => [p.openai, p.mistral], mo: (p) => [p.mistral, p.openai], oml: (p) => [p.openai, p.mistral, p.ollama], o: (p) => [p.openai] };
for (const order of ['om', 'mo', 'oml', 'o'])
for (const timeout of [2500, 3500, 4500])
for (const attempts of [1, 2, 3])
for (const deadline of [0, 5000, 5800, 7000])
for (const mra of [0, 2000, 7000])
for (const outside of [true, false]) {
  if (deadline === 0 && !outside) continue;
  const build: BuildChain = (p, env) => {
    const hosted = orders[order]!(p).map((m) => member(m, env, timeout, attempts, mra, 3));
    if (outside) {
      const inner = new FallbackChatModel(hosted, { clock: env.clock, ...(deadline ? { deadlineMs: deadline } : {}) });
      return new FallbackChatModel([inner, p.offline], { clock: env.clock });
    }
    return new FallbackChatModel([...hosted, p.offline], { clock: env.clock, deadlineMs: deadline });
  };
  const d = await simulateTraffic(build, dev);
  const t = await simulateTraffic(build, test);
  const f = (r: any) => `${(r.successRate * 100).toFixed(2)} ${r.p99Ms.toFixed(0).padStart(5)} ${r.maxMs.toFixed(0).padStart(5)} ${(r.goodAnswers * 100).toFixed(1)}`;
  const pass = (r: any) => r.successRate >= 0.995 && r.p99Ms <= 6000 && r.maxMs <= 10000;
  console.log(`${order.padEnd(4)} T${timeout} A${attempts} D${deadline} R${mra} ${outside ? 'out' : 'in '} | dev ${f(d)} ${pass(d) ? 'P' : '-'} | test ${f(t)} ${pass(t) ? 'P' : '-'}`);
}
