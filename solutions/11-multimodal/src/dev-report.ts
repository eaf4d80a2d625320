/**
 * Your three decisions, measured on the DEV split — the numbers to choose with. The DoD measures
 * the same KPIs on the test split, which this report never reads:
 *
 *   node labs/11-multimodal/src/dev-report.ts            (add 1, 2 or 3 for one checkpoint)
 *
 * Given code: the same in the starter and the solution. A decision not written yet shows its TODO.
 */
import {
  FRAME_TARGETS,
  feasible,
  framesWithin,
  IMAGE_TARGETS,
  KPI_MODEL,
  loadClips,
  loadDescriptions,
  loadImages,
  scoreFlags,
  scoreFramePlans,
  scoreImagePlans,
  TEXT_TARGETS,
} from '../../../labs/11-multimodal/test/support/kpis.ts';
import { fitInside, imageCost } from './cost.ts';
import { findInstructions } from './image-text.ts';
import { planImage } from './planner.ts';
import { planFrames } from './sampling.ts';
import { IMAGE_TASKS, QUALITY_FLOOR } from './tasks.ts';
import { TEXT_SIGNALS, textSignals } from './text-signals.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(7);
const usd = (x: number) => `$${x.toFixed(5)}`;
const firstLine = (error: unknown) => (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
const only = process.argv[2];

/** The TODO message when a decision is not written yet; undefined once it runs. */
function stillTodo(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    const line = firstLine(error);
    return line.startsWith('TODO') ? line : undefined;
  }
}

function resizeReport(): void {
  const rows = loadImages('dev');
  console.log(
    `## DoD-1 resize and detail — ${rows.length} dev images, ${KPI_MODEL.model}, at most ${usd(IMAGE_TARGETS.maxCostUsd)} per image\n`,
  );
  // The calibration data: how much of each image the model must see for its detail to stay readable.
  console.log(
    'The short side the model must SEE for the detail to stay readable (images some plan can make readable):',
  );
  console.log('task            images  readable at best   median     90th pct   max');
  for (const task of IMAGE_TASKS) {
    const of = rows.filter((r) => r.task === task);
    const need = of
      .filter(feasible)
      .map((r) => (QUALITY_FLOOR[task].minPx / r.featurePx) * Math.min(r.width, r.height))
      .sort((a, b) => a - b);
    const at = (q: number) => `${Math.ceil(need[Math.min(need.length - 1, Math.floor(q * need.length))] ?? 0)} px`;
    console.log(
      `${task.padEnd(15)} ${String(of.length).padStart(6)}  ${String(need.length).padStart(16)}   ${at(0.5).padStart(7)}  ${at(0.9).padStart(9)}  ${at(1).padStart(6)}`,
    );
  }
  console.log(
    `(${KPI_MODEL.model} sees at most 768 px on the short side in high detail, and a 512-px thumbnail in low detail.)`,
  );
  // What one choice per task would buy: every image sent the same way (falling back to the low-detail
  // thumbnail when over the budget), readable share and mean cost per task. Your plan mixes them.
  const sizes: ('low' | number)[] = ['low', 384, 512, 640, 768];
  console.log('\nOne choice for every image of a task: readable share · mean cost');
  console.log(`task            ${sizes.map((c) => (c === 'low' ? 'low detail' : `high ${c} px`).padEnd(22)).join('')}`);
  for (const task of IMAGE_TASKS) {
    const of = rows.filter((r) => r.task === task);
    const cells = sizes.map((choice) => {
      const s = scoreImagePlans(of, (size, _task, options) => {
        const thumbnail = imageCost(fitInside(size, 512), 'low', options, options.table);
        const factor = choice === 'low' ? 0 : Math.min(1, choice / Math.min(size.width, size.height));
        const wanted =
          choice === 'low'
            ? thumbnail
            : imageCost(
                {
                  width: Math.max(1, Math.round(size.width * factor)),
                  height: Math.max(1, Math.round(size.height * factor)),
                },
                'high',
                options,
                options.table,
              );
        const cost = wanted.usd <= options.maxCostUsd ? wanted : thumbnail;
        const detail = cost === thumbnail ? 'low' : 'high';
        return { width: cost.width, height: cost.height, detail, tokens: cost.tokens, costUsd: cost.usd };
      });
      return `${pct(s.legibleShare)} · ${usd(s.meanCostUsd)}`.padEnd(22);
    });
    console.log(`${task.padEnd(15)} ${cells.join('')}`);
  }
  const todo = stillTodo(() => planImage({ width: 800, height: 600 }, 'read_text', { ...KPI_MODEL, maxCostUsd: 1 }));
  if (todo) {
    console.log(`\nplanImage: ${todo}\n`);
    return;
  }
  const score = scoreImagePlans(rows, planImage);
  console.log('\nYour plans:');
  for (const task of IMAGE_TASKS) {
    const of = score.outcomes.filter((o) => o.row.task === task);
    const ok = of.filter((o) => o.feasible);
    console.log(
      `${task.padEnd(15)} readable ${pct(ok.filter((o) => o.legible).length / Math.max(1, ok.length))}   mean ${usd(of.reduce((s, o) => s + o.costUsd, 0) / Math.max(1, of.length))}`,
    );
  }
  for (const o of score.outcomes.filter((x) => x.invalid || typeof x.plan === 'string').slice(0, 5)) {
    console.log(`  ${o.row.id} ${o.row.kind} ${o.row.width}×${o.row.height}: ${o.invalid ?? o.plan}`);
  }
  console.log(
    `\nreadable   ${pct(score.legibleShare)}  (${score.legible} of ${score.feasible})   DoD-1: at least ${pct(IMAGE_TARGETS.legible).trim()}`,
  );
  console.log(`mean cost  ${usd(score.meanCostUsd)}   DoD-1: at most ${usd(IMAGE_TARGETS.meanCostUsd)}`);
  console.log(
    `images without a plan ${score.refused}, over the per-image budget ${score.overBudget}, invalid plans ${score.invalid}   DoD-1: none\n`,
  );
}

function framesReport(): void {
  const rows = loadClips('dev');
  const { budget } = FRAME_TARGETS;
  console.log(
    `## DoD-2 frame sampling — ${rows.length} dev clips, ${rows.reduce((s, r) => s + r.scenes.length, 0)} scenes, budget ${budget.maxTokens} tokens and ${budget.maxLatencyMs} ms (${KPI_MODEL.model})\n`,
  );
  const evenly = scoreFramePlans(rows, (video, options) => {
    const n = framesWithin(options.budget, video.frame);
    return Array.from({ length: n }, (_, i) => ((i + 0.5) * video.durationSeconds) / n);
  });
  console.log(
    `for comparison: as many frames as the budget allows, evenly spread, cover ${pct(evenly.coverage).trim()} of the scenes`,
  );
  const todo = stillTodo(() =>
    planFrames(
      { durationSeconds: 1, frame: { width: 320, height: 180 }, signal: { analysisFps: 5, scores: [0, 0, 0, 0, 0] } },
      { ...KPI_MODEL, budget },
    ),
  );
  if (todo) {
    console.log(`planFrames: ${todo}\n`);
    return;
  }
  const score = scoreFramePlans(rows, planFrames);
  const missed = score.outcomes.flatMap((o) =>
    o.problem
      ? [`${o.row.id}: ${o.problem}`]
      : o.row.scenes
          .map((s, i) => ({ s, i }))
          .filter(({ s }) => !o.times.some((t) => t >= s.start && t < s.end))
          .map(
            ({ s, i }) =>
              `${o.row.id} scene ${i + 1} ${s.start.toFixed(1)}–${s.end.toFixed(1)} s (${s.label}, after a ${o.row.transitions[i - 1] ?? 'start'}); frames at ${o.times.map((t) => t.toFixed(1)).join(', ')}`,
          ),
  );
  for (const line of missed.slice(0, 12)) console.log(`  missed ${line}`);
  if (missed.length > 12) console.log(`  … and ${missed.length - 12} more`);
  console.log(
    `\nyour scene coverage ${pct(score.coverage)} (${score.covered} of ${score.scenes})   DoD-2: at least ${pct(FRAME_TARGETS.coverage).trim()}`,
  );
  console.log(
    `frames per clip ${score.meanFrames.toFixed(1)}; plans over budget or invalid ${score.failed}   DoD-2: none\n`,
  );
}

function textReport(): void {
  const rows = loadDescriptions('dev');
  let score: ReturnType<typeof scoreFlags>;
  console.log(`## DoD-3 instructions in images — ${rows.length} dev descriptions\n`);
  // The evidence for the decision: how often each given cue fires on injected and on ordinary text.
  const injectedRows = rows.filter((r) => r.label === 1);
  const ordinaryRows = rows.filter((r) => r.label === 0);
  console.log('cue (src/text-signals.ts)         fires on injected   on ordinary');
  for (const { name, pattern } of TEXT_SIGNALS) {
    const on = (list: typeof rows) => list.filter((r) => pattern.test(r.text)).length;
    console.log(
      `${name.padEnd(33)} ${String(on(injectedRows)).padStart(4)} of ${injectedRows.length}   ${String(on(ordinaryRows)).padStart(5)} of ${ordinaryRows.length}`,
    );
  }
  // Which cues fire together: the combinations seen, with how many injected and ordinary texts show each.
  const combos = new Map<string, { injected: number; ordinary: number }>();
  for (const row of rows) {
    const key = textSignals(row.text).join(' + ') || '(no cue)';
    const seen = combos.get(key) ?? { injected: 0, ordinary: 0 };
    seen[row.label === 1 ? 'injected' : 'ordinary'] += 1;
    combos.set(key, seen);
  }
  console.log('\ninjected ordinary  cues found together');
  for (const [key, seen] of [...combos].sort((a, b) => b[1].injected + b[1].ordinary - a[1].injected - a[1].ordinary)) {
    console.log(`${String(seen.injected).padStart(8)} ${String(seen.ordinary).padStart(8)}  ${key}`);
  }
  console.log('');
  try {
    score = scoreFlags(rows, findInstructions);
  } catch (error) {
    console.log(`findInstructions: ${firstLine(error)}\n`);
    return;
  }
  for (const row of score.misses) console.log(`missed  ${row.id} ${JSON.stringify(row.text)}`);
  for (const row of score.falseFlags) {
    console.log(`FALSE   ${row.id} ${JSON.stringify(row.text)} → ${findInstructions(row.text).join('; ')}`);
  }
  console.log(
    `\nflagged injections ${pct(score.tpr)} (${score.injected - score.misses.length} of ${score.injected})   DoD-3: at least ${pct(TEXT_TARGETS.tpr).trim()}`,
  );
  console.log(
    `false flags        ${pct(score.falseFlagRate)} (${score.falseFlags.length} of ${score.benign})   DoD-3: at most ${pct(TEXT_TARGETS.falseFlags).trim()}`,
  );
  console.log(
    'The test split has other texts and other phrasings: rules that name a kind of text generalise, rules that name a row do not.\n',
  );
}

try {
  if (!only || only === '1') resizeReport();
  if (!only || only === '2') framesReport();
  if (!only || only === '3') textReport();
} catch (error) {
  // One line, no stack: the usual cause is a decision that throws on some input.
  console.error(`dev-report: ${firstLine(error)}`);
  process.exitCode = 1;
}
