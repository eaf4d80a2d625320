import { FallbackChatModel } from '../src/fallback-model.ts';
import { ResilientChatModel } from '../src/resilient-model.ts';
import { resilientChain } from '../src/chain.ts';
import type { ChatModel } from '@workshop/llm';
import { loadProfiles, simulateTraffic, type BuildChain } from './simulation.ts';

const split = (process.argv[2] ?? 'dev') as 'dev' | 'test';
const profiles = loadProfiles(split);

const member = (m: ChatModel, env: any, timeoutMs: number, maxAttempts: number, extra: any = {}) =>
  new ResilientChatModel(m, { clock: env.clock, random: env.random, timeoutMs, retry: { maxAttempts, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000, ...extra.retry }, breaker: extra.breaker ?? { failureThreshold: 3, cooldownMs: 30_000 } });

const policies: Record<string, BuildChain> = {
  defaults: (p, env) => resilientChain([p.openai, p.ollama, p.offline], { clock: env.clock, random: env.random }),
  noRetryOffline: (p, env) => resilientChain([p.openai, p.offline], { clock: env.clock, random: env.random, retry: { maxAttempts: 1 } }),
  offlineFirst: (p, env) => resilientChain([p.offline], { clock: env.clock, random: env.random }),
  openaiMistralOffline_deadline: (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.openai, env, 4000, 2), member(p.mistral, env, 4000, 2)], { clock: env.clock, deadlineMs: 5500 }),
    p.offline,
  ], { clock: env.clock }),
  openaiMistralOffline_3500: (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.openai, env, 3500, 2), member(p.mistral, env, 3500, 2)], { clock: env.clock, deadlineMs: 5500 }),
    p.offline,
  ], { clock: env.clock }),
  flatDeadline: (p, env) => resilientChain([p.openai, p.mistral, p.offline], { clock: env.clock, random: env.random, timeoutMs: 4000, retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 }, breaker: { failureThreshold: 3, cooldownMs: 30000 }, fallback: { deadlineMs: 5800 } }),
  withOllama: (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.openai, env, 4000, 2), member(p.mistral, env, 4000, 2), member(p.ollama, env, 4000, 1)], { clock: env.clock, deadlineMs: 5500 }),
    p.offline,
  ], { clock: env.clock }),
  hostedOnly: (p, env) => new FallbackChatModel([member(p.openai, env, 4000, 2), member(p.mistral, env, 4000, 2)], { clock: env.clock, deadlineMs: 5800 }),
  mistralFirst: (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.mistral, env, 4000, 2), member(p.openai, env, 4000, 2)], { clock: env.clock, deadlineMs: 5500 }),
    p.offline,
  ], { clock: env.clock }),
  oneAttemptEach: (p, env) => new FallbackChatModel([
    new FallbackChatModel([member(p.openai, env, 4000, 1), member(p.mistral, env, 4000, 1)], { clock: env.clock, deadlineMs: 5500 }),
    p.offline,
  ], { clock: env.clock }),
};
const only = process.argv[3];
for (const [name, build] of Object.entries(policies)) {
  if (only && name !== only) continue;
  const t0 = performance.now();
  const r = await simulateTraffic(build, profiles);
  const ms = performance.now() - t0;
  const by = Object.entries(r.answeredBy).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}`).join(' ');
  console.log(`${name.padEnd(32)} ok ${(r.successRate * 100).toFixed(2)}  p50 ${r.p50Ms.toFixed(0)} p95 ${r.p95Ms.toFixed(0)} p99 ${r.p99Ms.toFixed(0)} max ${r.maxMs.toFixed(0)}  good ${(r.goodAnswers * 100).toFixed(1)}  att ${r.attemptsPerRequest.toFixed(2)} $${r.usdPer1kRequests.toFixed(3)} | ${by} | ${JSON.stringify(r.failures)} (${ms.toFixed(0)} ms)`);
}
