/**
 * Calibrate on the DEV split: `node labs/04-platform-patterns/src/dev-report.ts [1|2|3]`.
 * Prints, per checkpoint, the KPIs its DoD judges on the test split (which this report never
 * reads), with what your code decided on dev. Given code: the same in the starter and the solution.
 */
import path from 'node:path';
import { OpenAIChatModel } from '@workshop/llm';
import { createOpenAIEmulator, DEFAULT_OPENAI_BASE_URL } from '@workshop/testkit';
import { loadSplit } from '@workshop/testkit/datasets';
import { setupServer } from 'msw/node';
import { BUDGET_TARGETS, billedCall, DEV_DAY } from '../../../labs/04-platform-patterns/test/provider-bill.ts';
import { streamWithinBudget } from './budgeted-call.ts';
import { acceptHit } from './hit-policy.ts';
import { cosineAtLeast, type LabelledPair, SEMANTIC_TARGETS, scorePairs } from './pair-eval.ts';
import {
  CACHING_TARGETS,
  type CachingScore,
  naiveLayout,
  type PromptLayout,
  runSessions,
} from './prompt-cache-eval.ts';
import { layoutPrompt } from './prompt-layout.ts';
import { supportSessions } from './prompt-parts.ts';
import { contentWords, stem } from './question-words.ts';
import { TokenBudget } from './token-budget.ts';

/** The lab's folder, from labs/ or solutions/ alike: the splits are declared in its lab.yaml. */
const LAB = path.join(import.meta.dirname, '..', '..', '..', 'labs', '04-platform-patterns');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const MAX_TEXT = 60;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

async function reportSemanticCache(): Promise<void> {
  const pairs = loadSplit<LabelledPair>(LAB, 'pairs', 'dev');
  console.log(`DoD-1 semantic cache, dev split: ${pairs.length} pairs (offline GloVe embeddings)\n`);
  console.log('cosine alone    hit rate   near-miss hits   unrelated hits');
  for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
    const s = await scorePairs(pairs, cosineAtLeast(threshold));
    console.log(
      `  >= ${threshold.toFixed(2)}       ${pct(s.hitRate).padStart(7)}   ${String(s.wrongNearMiss).padStart(14)}   ${String(s.wrongUnrelated).padStart(14)}`,
    );
  }
  // What the embedding averages away: how many content words the two questions share, by label.
  const overlap = (pair: LabelledPair) => {
    const a = new Set(contentWords(pair.a).map(stem));
    const b = new Set(contentWords(pair.b).map(stem));
    const shared = [...a].filter((w) => b.has(w)).length;
    return shared === 0 ? 'none' : shared === a.size && shared === b.size ? 'all' : 'some';
  };
  console.log('\ncontent words shared   paraphrase   near-miss   unrelated');
  for (const kind of ['none', 'some', 'all'] as const) {
    const count = (label: string) => pairs.filter((p) => p.label === label && overlap(p) === kind).length;
    console.log(
      `  ${kind.padEnd(20)} ${String(count('paraphrase')).padStart(10)} ${String(count('near-miss')).padStart(11)} ${String(count('unrelated')).padStart(11)}`,
    );
  }
  const score = await scorePairs(pairs, acceptHit);
  const unrelatedTop = Math.max(...score.outcomes.filter((o) => o.pair.label === 'unrelated').map((o) => o.similarity));
  console.log(`highest cosine of an unrelated pair on dev: ${unrelatedTop.toFixed(3)}`);
  const wrong = score.outcomes.filter((o) => o.hit && o.pair.label !== 'paraphrase');
  const missed = score.outcomes.filter((o) => !o.hit && o.pair.label === 'paraphrase');
  console.log('\nyour acceptHit:');
  for (const o of wrong) {
    console.log(
      `  WRONG  ${o.pair.label.padEnd(9)} cos ${o.similarity.toFixed(2)}  ${clip(o.pair.a)} | ${clip(o.pair.b)}`,
    );
  }
  for (const o of missed)
    console.log(`  missed paraphrase cos ${o.similarity.toFixed(2)}  ${clip(o.pair.a)} | ${clip(o.pair.b)}`);
  console.log(`  hit rate on paraphrases  ${pct(score.hitRate)}  (${score.hits} of ${score.paraphrases})`);
  console.log(`  wrong hits               ${score.wrongNearMiss} near-miss, ${score.wrongUnrelated} unrelated`);
  console.log(
    `DoD-1 judges the test split: hit rate >= ${pct(SEMANTIC_TARGETS.hitRate)} with ${SEMANTIC_TARGETS.wrongHits} wrong hits.\n`,
  );
}

/** Runs `work` against a fresh emulated OpenAI API (no network). */
async function withEmulator<T>(
  work: (emulator: ReturnType<typeof createOpenAIEmulator>['emulator']) => Promise<T>,
): Promise<T> {
  const { emulator, handlers } = createOpenAIEmulator(DEFAULT_OPENAI_BASE_URL);
  const server = setupServer(...handlers);
  server.listen({ onUnhandledFrame: 'error' });
  try {
    return await work(emulator);
  } finally {
    server.close();
  }
}

/** Runs the dev sessions against the emulated API: a fresh prompt cache per layout. */
function cachingOf(layout: PromptLayout): Promise<CachingScore> {
  return withEmulator((emulator) => {
    emulator.respond(() => ({ content: 'Here is what our handbook says about it.' }));
    const questions = loadSplit<LabelledPair>(LAB, 'pairs', 'dev')
      .filter((pair) => pair.label === 'paraphrase')
      .map((pair) => pair.a);
    const model = new OpenAIChatModel({ model: 'gpt-4.1-mini', apiKey: 'dev-report' });
    return runSessions(supportSessions(questions), layout, model);
  });
}

async function reportPromptLayout(): Promise<void> {
  console.log('DoD-2 prompt layout, dev sessions: 5 conversations x 4 turns against the emulated API (gpt-4.1-mini)\n');
  for (const [name, layout] of [
    ['date-first layout (for comparison)', naiveLayout],
    ['your layoutPrompt', layoutPrompt],
  ] as const) {
    const score = await cachingOf(layout);
    console.log(`${name}:`);
    console.log(`  request  conversation  prompt tokens  cached`);
    for (const [i, r] of score.perRequest.entries()) {
      console.log(
        `  ${String(i + 1).padStart(7)}  ${String(r.conversation + 1).padStart(12)}  ${String(r.inputTokens).padStart(13)}  ${String(r.cachedTokens).padStart(6)}`,
      );
    }
    for (const problem of score.problems.slice(0, 5)) console.log(`  PROBLEM ${problem}`);
    console.log(
      `  cached share ${pct(score.cachedShare)}, cost $${score.costUsd.toFixed(5)} instead of $${score.uncachedCostUsd.toFixed(5)}: ${pct(score.costSaved)} saved\n`,
    );
  }
  console.log(
    `DoD-2 judges the test sessions: cached share >= ${pct(CACHING_TARGETS.cachedShare)}, cost saved >= ${pct(CACHING_TARGETS.costSaved)}, every part given once.\n`,
  );
}

async function reportBudget(): Promise<void> {
  console.log(`DoD-3 budgeted calls, the dev day: ${DEV_DAY.length} calls with injected faults (gpt-4o-mini)\n`);
  const calls = await withEmulator(async (emulator) => {
    const budget = new TokenBudget({ perRequestTokens: 10_000, perUserDailyTokens: 1_000_000 });
    const model = new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'dev-report' });
    const request = {
      messages: [
        {
          role: 'system' as const,
          content: 'You are the support assistant of a kettle shop. Answer in two sentences.',
        },
        { role: 'user' as const, content: 'Can I still return the kettle I bought three weeks ago?' },
      ],
      temperature: 0,
      maxOutputTokens: 200,
    };
    const done = [];
    for (const outcome of DEV_DAY) {
      done.push(await billedCall(emulator, streamWithinBudget, model, request, { budget, userId: 'dev' }, outcome));
    }
    return done;
  });
  console.log('  call  outcome                 billed  charged');
  for (const [i, c] of calls.entries()) {
    const outcome = c.outcome.kind === 'cut' ? `cut after ${c.outcome.afterChunks} chunks` : c.outcome.kind;
    const flag = c.sent === 0 ? '  NOT SENT' : c.charged < c.billed ? '  UNDER' : '';
    console.log(
      `  ${String(i + 1).padStart(4)}  ${outcome.padEnd(22)} ${String(c.billed).padStart(7)}  ${String(c.charged).padStart(7)}${flag}`,
    );
  }
  const billed = calls.reduce((n, c) => n + c.billed, 0);
  const charged = calls.reduce((n, c) => n + c.charged, 0);
  const under = calls.filter((c) => c.charged < c.billed).length;
  console.log(
    `  undercharged calls ${under}; charged / billed ${(charged / Math.max(1, billed)).toFixed(3)} (${charged} / ${billed})`,
  );
  const firstError = calls.find((c) => c.sent === 0)?.error;
  if (firstError)
    console.log(`  a call was not sent: ${firstError instanceof Error ? firstError.message : String(firstError)}`);
  console.log(
    `DoD-3 judges the test day: ${BUDGET_TARGETS.undercharged} undercharged calls, charged / billed <= ${BUDGET_TARGETS.overchargeRatio}, and properties.\n`,
  );
}

const sections: Record<string, () => Promise<void>> = {
  '1': reportSemanticCache,
  '2': reportPromptLayout,
  '3': reportBudget,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in sections));
  if (unknown.length > 0)
    throw new Error(`unknown checkpoint ${unknown.join(', ')}; use ${Object.keys(sections).join(', ')}`);
  for (const [id, run] of Object.entries(sections)) {
    if (wanted.length > 0 && !wanted.includes(id)) continue;
    try {
      await run();
    } catch (error) {
      // One line, no stack: the usual cause is a function that is still a TODO.
      console.error(`dev-report DoD-${id}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await main().catch((error: unknown) => {
  console.error(`dev-report: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
