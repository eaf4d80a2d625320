/**
 * The ideas tried on the input guard's classifier, measured like `scripts/train.ts` measures its
 * candidates: 5-fold grouped cross-validation repeated over fold seeds, the operating point chosen
 * on four folds' out-of-fold scores at `GUARD_BUDGET` and applied to the fifth.
 *
 *   node solutions/06-safety/scripts/ideas.ts [name filter]          # dev split (the selection data)
 *   ALL=1 node solutions/06-safety/scripts/ideas.ts [name filter]    # all 922 prompts (the production data)
 *   RANDOM=1 …  adds random (not grouped) folds;  OOD=1 …  flags on other labs' ordinary requests
 *   SEEDS=2025,11,23,5,77 (default) sets the fold seeds.
 *
 * `est` is the accuracy the same TPR and false-flag rate give at the held-out set's mix (52 %
 * injections): 0.517 × TPR + 0.483 × (1 − false flags). Slow (minutes per idea); not part of a test.
 */
import path from 'node:path';
import { gloveEmbedding, loadGloveTable } from '@workshop/llm';
import { GUARD_BUDGET } from '../src/costs.ts';
import { type GuardKpis, guardKpis, type ScoredPrompt } from '../src/injection/calibration.ts';
import {
  FIXTURES_DIR,
  groupedFolds,
  type LabelledText,
  loadDevRows,
  loadInjectionRows,
} from '../src/injection/dataset.ts';
import { segments } from '../src/injection/detector.ts';
import { type FeatureOptions, fnv1a, hashFeatures, type SparseVector, tokenize } from '../src/injection/features.ts';
import { matchHeuristics } from '../src/injection/heuristics.ts';
import {
  DEFAULT_TRAIN,
  type LogisticModel,
  predictProbability,
  sigmoid,
  trainLogistic,
} from '../src/injection/logistic.ts';
import { chooseOperatingPoint } from '../src/injection/operating-point.ts';
import { seededRandom, shuffled } from '../src/injection/random.ts';

type Row = LabelledText & { split: ScoredPrompt['split'] };
const tagged = (injections: LabelledText[], direct: LabelledText[]): Row[] => [
  ...injections.map((row) => ({ ...row, split: 'injections' as const })),
  ...direct.map((row) => ({ ...row, split: 'direct-requests' as const })),
];
const dev = loadDevRows();
const devRows = tagged(dev.injections, dev.directRequests);
const testRows = tagged(
  loadInjectionRows(path.join(FIXTURES_DIR, 'injections.test.jsonl')),
  loadInjectionRows(path.join(FIXTURES_DIR, 'direct-requests.test.jsonl')),
);
const table = await loadGloveTable();

const BASE: FeatureOptions = { dimensions: 2 ** 18, wordNgrams: [1, 2], charNgrams: [3, 5], charsAcrossWords: true };

export interface Recipe {
  name: string;
  dims: number;
  vec: (text: string) => SparseVector;
  segs: (text: string) => string[];
  l2?: number;
  epochs?: number;
  /** Extra training examples made from a row (e.g. benign segments). */
  augment?: (row: Row) => { text: string; label: 0 | 1; weight?: number }[];
  /** Per-row copies in training (class / split weighting). */
  copies?: (row: Row) => number;
  /** Combine whole-text and segment probabilities. */
  combine?: (whole: number, segs: number[]) => number;
  /** NBSVM: scale features by the naive-Bayes log-count ratio before the regression. */
  nb?: number;
  /** An ensemble: the parts' probabilities blended per text/segment. */
  parts?: Recipe[];
  blend?: 'prob' | 'logit';
  /** Multiple-instance step: add each injection's most suspicious segment (under a first model) as a positive. */
  mil?: 'add' | 'replace';
  /** Average the weights of this many SGD runs with different shuffle seeds. */
  bag?: number;
}
type Model = LogisticModel & { parts?: Model[] };

const fold = (t: string) =>
  t
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue');

function withGlove(
  base: (t: string) => SparseVector,
  dims: number,
  alpha: number,
  slot = 0,
): (t: string) => SparseVector {
  return (t) => {
    const v = base(t);
    const g = gloveEmbedding(t, table);
    const indices = [...v.indices];
    const values = [...v.values];
    g.forEach((x, d) => {
      if (x !== 0) {
        indices.push(dims + slot * 100 + d);
        values.push(x * alpha);
      }
    });
    return { indices, values };
  };
}

/** SIF-weighted sum of the known words' GloVe vectors divided by the number of words (decomposes per word). */
const tableMean = new Float64Array(100);
for (let row = 0; row < table.index.size; row += 1)
  for (let d = 0; d < 100; d += 1)
    tableMean[d] =
      (tableMean[d] as number) +
      ((table.vectors[row * 100 + d] as number) * (table.scales[row] as number)) / table.index.size;
function gloveMean(text: string, norm: 'n' | 'sqrt' | 'l2' | 'wmean' = 'n', center = false, vocab = 1e9): number[] {
  let mass = 0;
  const words = tokenize(text);
  const sum = new Float64Array(100);
  for (const w of words) {
    const row = table.index.get(w);
    if (row === undefined || row >= vocab) continue;
    const rank = table.ranks[row] as number;
    const p = 1 / ((rank + 1) * (Math.log(table.sourceVocabularySize) + 0.5772156649));
    const weight = (1e-3 / (1e-3 + p)) * (table.scales[row] as number);
    mass += 1e-3 / (1e-3 + p);
    const sc = table.scales[row] as number;
    for (let d = 0; d < 100; d += 1)
      sum[d] =
        (sum[d] as number) +
        (weight / sc) * ((table.vectors[row * 100 + d] as number) * sc - (center ? (tableMean[d] as number) : 0));
  }
  let z =
    norm === 'wmean'
      ? mass
      : norm === 'n'
        ? words.length
        : norm === 'sqrt'
          ? Math.sqrt(words.length)
          : Math.hypot(...sum);
  if (z === 0) z = 1;
  return Array.from(sum, (x) => x / z);
}
function withDense(
  base: (t: string) => SparseVector,
  dims: number,
  alpha: number,
  dense: (t: string) => number[],
): (t: string) => SparseVector {
  return (t) => {
    const v = base(t);
    const indices = [...v.indices];
    const values = [...v.values];
    dense(t).forEach((x, d) => {
      if (x !== 0) {
        indices.push(dims + d);
        values.push(x * alpha);
      }
    });
    return { indices, values };
  };
}

/** n-grams plus word skip-bigrams (pairs of words at distance 2..window), unit length again. */
function withSkipGrams(opts: FeatureOptions, window: number, weight = 1): (t: string) => SparseVector {
  return (t) => {
    const words = tokenize(t);
    const base = hashFeatures(t, opts);
    const extra = new Map<number, number>();
    const mask = opts.dimensions - 1;
    for (let i = 0; i < words.length; i += 1)
      for (let d = 2; d <= window && i + d < words.length; d += 1) {
        const h = fnv1a(`s:${words[i]} ${words[i + d]}`);
        const slot = h & mask;
        extra.set(slot, (extra.get(slot) ?? 0) + (h >>> 31 === 1 ? -1 : 1) * weight);
      }
    // Re-normalise: base is unit length, extra counts are damped like the rest.
    const m = new Map<number, number>();
    base.indices.forEach((slot, k) => {
      m.set(slot, base.values[k] as number);
    });
    const extraVals: [number, number][] = [];
    let e2 = 0;
    for (const [slot, c] of extra) {
      if (c === 0) continue;
      const v = Math.sign(c) * (1 + Math.log(Math.abs(c)));
      extraVals.push([slot, v]);
      e2 += v * v;
    }
    // Scale so the whole vector has unit norm, with the base's share proportional to its gram count.
    const baseCount = base.indices.length;
    const total = baseCount + extraVals.length;
    const bs = Math.sqrt(baseCount / total);
    const es = e2 > 0 ? Math.sqrt(extraVals.length / total) / Math.sqrt(e2) : 0;
    for (const [slot, v] of m) m.set(slot, v * bs);
    for (const [slot, v] of extraVals) m.set(slot, (m.get(slot) ?? 0) + v * es);
    return { indices: [...m.keys()], values: [...m.values()] };
  };
}

/** Sentences and pairs, plus windows of `size` words every `stride` words (attacks appended without a sentence break). */
function withWindows(size: number, stride: number): (t: string) => string[] {
  return (t) => {
    const out = segments(t);
    const words = t.split(/\s+/).filter((w) => w !== '');
    if (words.length > size) {
      for (let i = 0; i < words.length; i += stride) {
        out.push(words.slice(i, i + size).join(' '));
        if (i + size >= words.length) break;
      }
    }
    return out;
  };
}

const cache = new Map<string, SparseVector>();
function cached(key: string, f: (t: string) => SparseVector): (t: string) => SparseVector {
  return (t) => {
    const k = `${key}\u0000${t}`;
    let v = cache.get(k);
    if (!v) {
      v = f(t);
      cache.set(k, v);
    }
    return v;
  };
}

function train(recipe: Recipe, rows: readonly Row[]): Model {
  if (recipe.parts) return { weights: new Float64Array(0), bias: 0, parts: recipe.parts.map((p) => train(p, rows)) };
  if (recipe.mil) {
    const first = train({ ...recipe, mil: undefined }, rows);
    const extra: Row[] = [];
    const kept: Row[] = [];
    for (const row of rows) {
      const segs = row.label === 1 ? recipe.segs(row.text) : [];
      if (segs.length === 0) {
        kept.push(row);
        continue;
      }
      const best = segs.reduce((a, b) =>
        predictProbability(first, recipe.vec(a)) >= predictProbability(first, recipe.vec(b)) ? a : b,
      );
      extra.push({ ...row, text: best });
      if (recipe.mil === 'add') kept.push(row);
    }
    return train({ ...recipe, mil: undefined }, [...kept, ...extra]);
  }
  const examples: { x: SparseVector; y: 0 | 1 }[] = [];
  for (const row of rows) {
    const n = recipe.copies?.(row) ?? 1;
    for (let c = 0; c < n; c += 1) examples.push({ x: recipe.vec(row.text), y: row.label });
    for (const extra of recipe.augment?.(row) ?? []) examples.push({ x: recipe.vec(extra.text), y: extra.label });
  }
  let ratio: Float64Array | undefined;
  if (recipe.nb !== undefined) {
    const pos = new Float64Array(recipe.dims).fill(recipe.nb);
    const neg = new Float64Array(recipe.dims).fill(recipe.nb);
    for (const e of examples) {
      const target = e.y === 1 ? pos : neg;
      e.x.indices.forEach((slot, k) => {
        target[slot] = (target[slot] as number) + Math.abs(e.x.values[k] as number);
      });
    }
    const sp = pos.reduce((a, b) => a + b, 0);
    const sn = neg.reduce((a, b) => a + b, 0);
    ratio = new Float64Array(recipe.dims);
    for (let i = 0; i < recipe.dims; i += 1) ratio[i] = Math.log((pos[i] as number) / sp / ((neg[i] as number) / sn));
    const r = ratio;
    for (const e of examples)
      e.x = { indices: e.x.indices, values: e.x.values.map((v, k) => v * (r[e.x.indices[k] as number] as number)) };
  }
  const runs = Array.from({ length: recipe.bag ?? 1 }, (_, k) =>
    trainLogistic(examples, {
      ...DEFAULT_TRAIN,
      l2: recipe.l2 ?? 1e-6,
      epochs: recipe.epochs ?? DEFAULT_TRAIN.epochs,
      seed: DEFAULT_TRAIN.seed + k,
      dimensions: recipe.dims,
    }),
  );
  const model = runs[0] as LogisticModel;
  for (const other of runs.slice(1)) {
    for (let i = 0; i < recipe.dims; i += 1)
      model.weights[i] = (model.weights[i] as number) + (other.weights[i] as number);
    model.bias += other.bias;
  }
  if (runs.length > 1) {
    for (let i = 0; i < recipe.dims; i += 1) model.weights[i] = (model.weights[i] as number) / runs.length;
    model.bias /= runs.length;
  }
  // Fold the ratio into the weights: the shipped model stays a plain linear one.
  if (ratio)
    for (let i = 0; i < recipe.dims; i += 1) model.weights[i] = (model.weights[i] as number) * (ratio[i] as number);
  return model;
}

const logit = (p: number) => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
function candidates(recipe: Recipe, model: Model, text: string): number[] {
  if (recipe.parts && model.parts) {
    const each = recipe.parts.map((p, i) => candidates(p, model.parts?.[i] as Model, text));
    const first = each[0] as number[];
    return first.map((_, j) => {
      const xs = each.map((c) => c[j] as number);
      return recipe.blend === 'logit' ? sigmoid(mean(xs.map(logit))) : mean(xs);
    });
  }
  return [text, ...recipe.segs(text)].map((t) => predictProbability(model, recipe.vec(t)));
}

function probability(recipe: Recipe, model: Model, text: string): number {
  const [whole, ...segs] = candidates(recipe, model, text) as [number, ...number[]];
  return recipe.combine ? recipe.combine(whole, segs) : Math.max(whole, ...segs);
}

function oof(recipe: Recipe, rows: readonly Row[], folds: number[][]): ScoredPrompt[] {
  const out: ScoredPrompt[] = new Array(rows.length);
  for (const f of folds) {
    const held = new Set(f);
    const model = train(
      recipe,
      rows.filter((_, i) => !held.has(i)),
    );
    for (const i of f) {
      const row = rows[i] as Row;
      out[i] = {
        probability: probability(recipe, model, row.text),
        signatures: sigs(row.text),
        label: row.label,
        split: row.split,
      };
    }
  }
  return out;
}
const sigCache = new Map<string, string[]>();
const sigs = (t: string) => {
  let s = sigCache.get(t);
  if (!s) {
    s = matchHeuristics(t).map((m) => m.rule);
    sigCache.set(t, s);
  }
  return s;
};

function cvKpis(scored: readonly ScoredPrompt[], folds: readonly number[][]): GuardKpis {
  const decided: ScoredPrompt[] = [];
  for (const f of folds) {
    const held = new Set(f);
    const point = chooseOperatingPoint(
      scored.filter((_, i) => !held.has(i)),
      GUARD_BUDGET,
    );
    for (const i of f) {
      const row = scored[i] as ScoredPrompt;
      decided.push({ ...row, probability: row.probability >= point.threshold ? 1 : 0 });
    }
  }
  return guardKpis(decided, { threshold: 0.5 }, GUARD_BUDGET);
}

const SEEDS = (process.env.SEEDS ?? '2025,11,23,5,77').split(',').map(Number);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(5);

function randomFolds(rows: readonly Row[], k: number, seed: number): number[][] {
  const order = shuffled(
    rows.map((_, i) => i),
    seededRandom(seed),
  ).sort((a, b) => (rows[a]?.label ?? 0) - (rows[b]?.label ?? 0));
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((i, n) => {
    folds[n % k]?.push(i);
  });
  return folds;
}

const fmt = (ks: GuardKpis[]) => {
  const k = (f: (x: GuardKpis) => number) => mean(ks.map(f));
  const est = 0.517 * k((x) => x.tpr) + 0.483 * (1 - k((x) => x.falseFlagRate));
  return `acc ${pct(k((x) => x.accuracy))} tpr ${pct(k((x) => x.tpr))} ff ${pct(k((x) => x.falseFlagRate))} or ${pct(k((x) => x.overRefusal))} cost ${k((x) => x.costPerPrompt).toFixed(3)} est ${pct(est)}`;
};

function evaluate(recipe: Recipe) {
  const rows = process.env.ALL ? [...devRows, ...testRows] : devRows;
  const grouped: GuardKpis[] = [];
  const random: GuardKpis[] = [];
  for (const seed of SEEDS) {
    const g = groupedFolds(rows, 5, seed);
    grouped.push(cvKpis(oof(recipe, rows, g), g));
    if (process.env.RANDOM) {
      const r = randomFolds(rows, 5, seed);
      random.push(cvKpis(oof(recipe, rows, r), r));
    }
  }
  const sd = (ks: GuardKpis[]) => {
    const e = ks.map((x) => 0.517 * x.tpr + 0.483 * (1 - x.falseFlagRate));
    const m = mean(e);
    return ` sd ${(Math.sqrt(mean(e.map((x) => (x - m) ** 2))) * 100).toFixed(1)}`;
  };
  const rnd = random.length ? ` | RANDOM ${fmt(random)}${sd(random)}` : '';
  console.log(`${recipe.name.padEnd(40)} GROUPED ${fmt(grouped)}${sd(grouped)}${rnd}`);
}

import { readFileSync } from 'node:fs';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const jsonl = (f: string) =>
  readFileSync(path.join(root, f), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const OOD: [string, string[]][] = [
  [
    'lab01',
    ['dev', 'test'].flatMap((s) =>
      jsonl(`labs/01-foundations/fixtures/requests.${s}.jsonl`).map((j) => j.text as string),
    ),
  ],
  [
    'pairs',
    ['dev', 'test'].flatMap((s) =>
      jsonl(`packages/llm/data/pairs/pairs.${s}.jsonl`).flatMap((j) => [j.a as string, j.b as string]),
    ),
  ],
  [
    'lab09',
    JSON.parse(readFileSync(path.join(root, 'labs/09-rag/fixtures/questions.json'), 'utf8')).questions.map(
      (q: { question: string }) => q.question,
    ),
  ],
  [
    'lab08',
    JSON.parse(readFileSync(path.join(root, 'labs/08-embeddings-vector-db/fixtures/queries.json'), 'utf8')).queries.map(
      (q: { text: string }) => q.text,
    ),
  ],
];
/** Other labs' ordinary requests (all benign): flag rate of the dev model at its dev operating point. */
export function oodFigure(recipe: Recipe) {
  const folds = groupedFolds(devRows, 5, 2025);
  const point = chooseOperatingPoint(oof(recipe, devRows, folds), GUARD_BUDGET);
  const model = train(recipe, devRows);
  const parts = OOD.map(([name, texts]) => {
    const flagged = texts.filter((t) => sigs(t).length > 0 || probability(recipe, model, t) >= point.threshold);
    if (process.env.SHOWOOD) for (const t of flagged) console.log('   ', name, t);
    return `${name} ${flagged.length}/${texts.length}`;
  });
  console.log(`${recipe.name.padEnd(40)} OOD flags: ${parts.join(', ')}`);
}

const hv = (o: Partial<FeatureOptions> = {}, pre: (t: string) => string = (t) => t) => {
  const opts = { ...BASE, ...o };
  return (t: string) => hashFeatures(pre(t), opts);
};
const D = BASE.dimensions;
const base = cached('base', hv());
const c25 = cached('c25', hv({ charNgrams: [2, 5] }));
export const recipes: Recipe[] = [
  { name: 'previous: words 1-2, char 3-5', dims: D, vec: base, segs: segments },
  { name: 'chosen: words 1-2, char 2-5', dims: D, vec: c25, segs: segments },
  {
    name: 'char 2-5 within words',
    dims: D,
    vec: cached('c25in', hv({ charNgrams: [2, 5], charsAcrossWords: false })),
    segs: segments,
  },
  {
    name: 'char 2-5, words 1-3',
    dims: D,
    vec: cached('c25w3', hv({ charNgrams: [2, 5], wordNgrams: [1, 3] })),
    segs: segments,
  },
  {
    name: 'char 2-5, 2^20 slots',
    dims: 2 ** 20,
    vec: cached('c25d20', hv({ charNgrams: [2, 5], dimensions: 2 ** 20 })),
    segs: segments,
  },
  { name: 'char 2-5, l2 1e-4', dims: D, vec: c25, segs: segments, l2: 1e-4 },
  {
    name: '+ GloVe mean/words x0.25',
    dims: D + 100,
    vec: cached(
      'g25',
      withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.25, (t) => gloveMean(t, 'n')),
    ),
    segs: segments,
  },
  {
    name: '+ GloVe mean/words x0.35',
    dims: D + 100,
    vec: cached(
      'g35',
      withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.35, (t) => gloveMean(t, 'n')),
    ),
    segs: segments,
  },
  {
    name: '+ GloVe mean/words x0.5',
    dims: D + 100,
    vec: cached(
      'g50',
      withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.5, (t) => gloveMean(t, 'n')),
    ),
    segs: segments,
  },
  {
    name: '+ GloVe SIF-weighted mean x0.2',
    dims: D + 100,
    vec: cached(
      'gw20',
      withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.2, (t) => gloveMean(t, 'wmean')),
    ),
    segs: segments,
  },
  {
    name: '+ GloVe unit-length mean x0.5',
    dims: D + 100,
    vec: cached(
      'gl50',
      withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.5, (t) => gloveMean(t, 'l2')),
    ),
    segs: segments,
  },
  {
    name: '+ @workshop/llm GloVe embedding x0.5',
    dims: D + 100,
    vec: cached('ge50', withGlove(c25, D, 0.5)),
    segs: segments,
  },
  { name: 'umlaut folding', dims: D, vec: cached('c25fold', hv({ charNgrams: [2, 5] }, fold)), segs: segments },
  {
    name: 'direct requests weighted x2',
    dims: D,
    vec: c25,
    segs: segments,
    copies: (r) => (r.split === 'direct-requests' ? 2 : 1),
  },
  { name: 'NBSVM (alpha 0.1)', dims: D, vec: c25, segs: segments, nb: 0.1 },
  {
    name: 'word model + char model, mean probability',
    dims: D,
    vec: c25,
    segs: segments,
    blend: 'prob',
    parts: [
      { name: 'words', dims: D, vec: cached('words', hv({ charNgrams: [1, 0] })), segs: segments },
      { name: 'chars', dims: D, vec: cached('chars', hv({ wordNgrams: [1, 0], charNgrams: [2, 5] })), segs: segments },
    ],
  },
  {
    name: 'n-gram model + GloVe model, mean log-odds',
    dims: D,
    vec: c25,
    segs: segments,
    blend: 'logit',
    parts: [
      { name: 'n-grams', dims: D, vec: c25, segs: segments },
      {
        name: 'glove',
        dims: D + 100,
        vec: cached(
          'g35',
          withDense(cached('c25', hv({ charNgrams: [2, 5] })), D, 0.35, (t) => gloveMean(t, 'n')),
        ),
        segs: segments,
      },
    ],
  },
  {
    name: 'segments scored 0.5 log-odds lower',
    dims: D,
    vec: c25,
    segs: segments,
    combine: (w, ss) => Math.max(w, ...ss.map((p) => sigmoid(logit(p) - 0.5))),
  },
  {
    name: 'segments scored 0.5 log-odds higher',
    dims: D,
    vec: c25,
    segs: segments,
    combine: (w, ss) => Math.max(w, ...ss.map((p) => sigmoid(logit(p) + 0.5))),
  },
  {
    name: 'benign segments as negatives',
    dims: D,
    vec: c25,
    segs: segments,
    augment: (r) => (r.label === 0 ? segments(r.text).map((text) => ({ text, label: 0 as const })) : []),
  },
  { name: 'multiple-instance: top segment as positive', dims: D, vec: c25, segs: segments, mil: 'add' },
  {
    name: 'word skip-bigrams (window 3)',
    dims: D,
    vec: cached('c25sk3', withSkipGrams({ ...BASE, charNgrams: [2, 5] }, 3)),
    segs: segments,
  },
  { name: 'sliding windows of 16 words', dims: D, vec: c25, segs: withWindows(16, 8) },
  { name: 'weights averaged over 5 SGD seeds', dims: D, vec: c25, segs: segments, bag: 5 },
];

const filter = process.argv[2];
for (const recipe of recipes) {
  if (filter && !recipe.name.includes(filter)) continue;
  if (process.env.OOD) oodFigure(recipe);
  else evaluate(recipe);
}
