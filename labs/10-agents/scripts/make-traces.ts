/**
 * Writes `fixtures/traces.{dev,test}.jsonl`: what runs of the shop's support agent spent, action by
 * action (each model call's tokens, cost and latency; each tool call's latency), for legitimate
 * tickets and for runaways (a loop, a fan-out a page asked for, a hung backend, a stuffed context,
 * a slow drip). Simulated with a fixed seed from the shapes and latencies described in
 * fixtures/README.md; run `node labs/10-agents/scripts/make-traces.ts` to rebuild them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffled } from '@workshop/kit';
import { costOf } from '@workshop/llm';

export type TraceAction =
  | { model: { inputTokens: number; outputTokens: number; costUsd: number; ms: number } }
  | { tool: string; sideEffect: boolean; ms: number };

export interface TraceRow {
  id: string;
  kind: 'legit' | 'runaway';
  pattern: string;
  model: string;
  actions: TraceAction[];
}

const SIDE_EFFECTS = new Set(['send_receipt', 'refund_order', 'add_note']);
/** Tokens a tool result adds to the conversation, and its latency in ms (usual range). */
const TOOLS: Record<string, { tokens: [number, number]; ms: [number, number] }> = {
  lookup_order: { tokens: [180, 320], ms: [80, 600] },
  fetch_page: { tokens: [250, 700], ms: [50, 300] },
  send_receipt: { tokens: [40, 90], ms: [300, 1500] },
  refund_order: { tokens: [40, 90], ms: [500, 2500] },
  add_note: { tokens: [20, 50], ms: [100, 400] },
};

function simulator(seed: number) {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const int = (low: number, high: number) => Math.floor(between(low, high + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;

  /** One run: a model, a growing conversation, and the actions taken. */
  function run(model: string) {
    const actions: TraceAction[] = [];
    let context = int(950, 1250); // system prompt, tool definitions, the ticket
    const slow = model === 'gpt-4o' ? 1.6 : 1;
    return {
      actions,
      think(outputTokens = int(30, 220), ms = between(700, 3200) * slow) {
        const usage = { inputTokens: context, outputTokens, totalTokens: context + outputTokens };
        const costUsd = Number(costOf('openai', model, usage).totalUsd.toFixed(8));
        actions.push({ model: { inputTokens: context, outputTokens, costUsd, ms: Math.round(ms) } });
        context += outputTokens;
      },
      act(tool: string, options: { ms?: number; tokens?: number } = {}) {
        const spec = TOOLS[tool] ?? { tokens: [50, 100], ms: [100, 500] };
        // One call in ten meets a backend under load: slow, but it answers.
        const ms = options.ms ?? (random() < 0.1 ? between(2_000, 9_000) : between(...spec.ms));
        actions.push({ tool, sideEffect: SIDE_EFFECTS.has(tool), ms: Math.round(ms) });
        context += options.tokens ?? int(...spec.tokens);
      },
    };
  }

  const legit: Record<string, (r: ReturnType<typeof run>) => void> = {
    status(r) {
      r.think();
      r.act('lookup_order');
      r.think();
    },
    policy(r) {
      r.think();
      r.act('fetch_page');
      r.think();
    },
    receipt(r) {
      r.think();
      r.act('lookup_order');
      r.think();
      r.act('send_receipt');
      r.think();
    },
    refund(r) {
      r.think();
      r.act('lookup_order');
      r.think();
      r.act('refund_order');
      r.think();
    },
    'several-orders'(r) {
      const orders = int(2, 5);
      r.think();
      for (let i = 0; i < orders; i++) r.act('lookup_order');
      r.think();
      const receipts = int(0, orders);
      for (let i = 0; i < receipts; i++) r.act('send_receipt');
      if (receipts > 0) r.think();
    },
    investigation(r) {
      r.think();
      r.act('lookup_order');
      r.think();
      r.act('fetch_page');
      r.think();
      r.act(pick(['lookup_order', 'fetch_page']));
      r.think();
      r.act('add_note');
      r.think();
    },
    clarification(r) {
      // A ticket that needs a few rounds: the model checks, reads, then acts.
      const rounds = int(3, 5);
      for (let i = 0; i < rounds; i++) {
        r.think();
        r.act(pick(['lookup_order', 'fetch_page', 'lookup_order']));
      }
      r.think();
      r.act(pick(['send_receipt', 'refund_order', 'add_note']));
      r.think();
    },
  };

  const LENGTH = 80; // runaway traces are cut here: an agent still going at this point has run away
  const runaway: Record<string, (r: ReturnType<typeof run>) => void> = {
    loop(r) {
      // The same lookup, again and again: the model never believes the answer.
      while (r.actions.length < LENGTH) {
        r.think(int(40, 90));
        r.act('lookup_order');
      }
    },
    'fan-out'(r) {
      // A page asked for every order in a range: one model turn, dozens of calls.
      r.think();
      r.act('fetch_page');
      r.think(int(800, 2400));
      const calls = int(40, 75);
      for (let i = 0; i < calls; i++) r.act(pick(['lookup_order', 'send_receipt']));
      r.think();
    },
    'hung-backend'(r) {
      // The order service hangs; the model retries the call after every timeout.
      while (r.actions.length < LENGTH) {
        r.think(int(40, 120));
        r.act('lookup_order', { ms: between(30_000, 120_000) });
      }
    },
    'stuffed-context'(r) {
      // A page the size of a manual enters the conversation, and the model keeps reading more.
      r.think();
      while (r.actions.length < LENGTH) {
        r.act('fetch_page', { tokens: int(12_000, 30_000) });
        r.think(int(200, 600));
      }
    },
    'slow-drip'(r) {
      // Small, slow steps that never converge: each one cheap, together the ticket never ends.
      while (r.actions.length < LENGTH) {
        r.think(int(60, 160), between(4_000, 9_000));
        r.act(pick(['fetch_page', 'lookup_order']));
      }
    },
  };

  function trace(id: string, kind: 'legit' | 'runaway', pattern: string, model: string): TraceRow {
    const r = run(model);
    (kind === 'legit' ? legit : runaway)[pattern]?.(r);
    return { id, kind, pattern, model, actions: r.actions };
  }
  return { legit, runaway, random, trace };
}

/**
 * Both splits have the same mix: every pattern the same number of times, and the same share of it on
 * gpt-4o (a gpt-4o runaway costs about ten times a mini one, so a split with one more of them moves
 * the mean). Only the draws within each run differ, from the split's own seed.
 */
const MIX = {
  legit: { perPattern: 12, onGpt4o: 3 },
  runaway: { perPattern: 8, onGpt4o: 2 },
} as const;

function split(name: 'dev' | 'test', seed: number): TraceRow[] {
  const sim = simulator(seed);
  const rows: TraceRow[] = [];
  for (const kind of ['legit', 'runaway'] as const) {
    const { perPattern, onGpt4o } = MIX[kind];
    const cells = Object.keys(kind === 'legit' ? sim.legit : sim.runaway).flatMap((pattern) =>
      Array.from({ length: perPattern }, (_, i) => ({ pattern, model: i < onGpt4o ? 'gpt-4o' : 'gpt-4o-mini' })),
    );
    shuffled(cells, sim.random).forEach(({ pattern, model }, i) => {
      rows.push(sim.trace(`${name}-${kind}-${i + 1}`, kind, pattern, model));
    });
  }
  return rows;
}

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');
for (const [name, seed] of [
  ['dev', 10_01],
  ['test', 10_02],
] as const) {
  const rows = split(name, seed);
  writeFileSync(path.join(fixtures, `traces.${name}.jsonl`), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  console.log(`fixtures/traces.${name}.jsonl: ${rows.length} traces`);
}
