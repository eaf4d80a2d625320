import { FallbackChatModel } from '../src/fallback-model.ts';
import { ResilientChatModel } from '../src/resilient-model.ts';
import type { ChatModel } from '@workshop/llm';
import { loadProfiles, simulateTraffic, type BuildChain } from './simulation.ts';
const dev = loadProfiles('dev');
const test = loadProfiles('test');
const member = (m: ChatModel, env: any, timeoutMs: number, maxAttempts: number, mra: number, thr: number, cd: number) =>
  new ResilientChatModel(m, { clock: env.clock, random: env.random, timeoutMs, retry: { maxAttempts, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: mra }, breaker: { failureThreshold: thr, cooldownMs: cd } });
const f = (r: any) => `${(r.successRate * 100).toFixed(2)} p99 ${r.p99Ms.toFixed(0)} max ${r.maxMs.toFixed(0)} good ${(r.goodAnswers * 100).toFixed(1)} lost ${((r.bestQuality - r.goodAnswers) * 100).toFixed(1)} $${r.usdPer1kRequests.toFixed(3)} off ${(r.answeredBy.offline*100).toFixed(1)}`;
for (const [T1, T2, D, thr, cd] of [[3500, 3000, 5500, 3, 30000], [3500, 3000, 5500, 5, 30000], [3500, 3000, 5500, 3, 10000], [3000, 3000, 5500, 3, 30000], [4000, 3000, 5500, 3, 30000], [3500, 3500, 5500, 3, 30000], [3500,3000,5000,3,30000]] as const) {
  const build: BuildChain = (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.openai, env, T1, 2, 2000, thr, cd), member(p.mistral, env, T2, 2, 2000, thr, cd)], { clock: env.clock, deadlineMs: D }),
    p.offline], { clock: env.clock });
  console.log(`T${T1}/${T2} D${D} thr${thr} cd${cd} | dev ${f(await simulateTraffic(build, dev))} | test ${f(await simulateTraffic(build, test))}`);
}
