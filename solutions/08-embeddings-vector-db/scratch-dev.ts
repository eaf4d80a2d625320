import { wilsonInterval } from '@workshop/kit';
import { loadQueries } from '../../labs/08-embeddings-vector-db/test/data.ts';
import { chooseThreshold } from './src/cutover.ts';
import { CUTOVER_POLICY, NO_RESULT_PROMISE } from './src/policy.ts';
import { migrationEvidence, modelRuns, offlineModel } from './src/scenarios.ts';

const dev = loadQueries('dev');
const t = {
  hash: chooseThreshold(await modelRuns(offlineModel('hash'), dev), NO_RESULT_PROMISE),
  glove: chooseThreshold(await modelRuns(offlineModel('glove'), dev), NO_RESULT_PROMISE),
};
for (const [label, lt, st] of [
  ['own', t.hash, t.glove],
  ['raw', -Infinity, -Infinity],
] as const) {
  const { evidence } = await migrationEvidence(
    { model: offlineModel('hash'), threshold: lt },
    { model: offlineModel('glove'), threshold: st },
    dev,
    CUTOVER_POLICY,
  );
  const a = evidence.queries.filter((q) => q.answerable);
  const d = a.map((q) => q.shadow.recall - q.live.recall);
  const n = d.length;
  const m = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const live = a.reduce((s, q) => s + q.live.recall, 0) / n,
    shadow = a.reduce((s, q) => s + q.shadow.recall, 0) / n;
  const wins = d.filter((x) => x > 0).length,
    losses = d.filter((x) => x < 0).length;
  console.log(label, {
    n,
    live: live.toFixed(3),
    shadow: shadow.toFixed(3),
    diff: m.toFixed(3),
    sd: sd.toFixed(3),
    pairedLow: (m - (1.96 * sd) / Math.sqrt(n)).toFixed(3),
    wilsonLowShadow: wilsonInterval(Math.round(shadow * n), n).low.toFixed(3),
    wins,
    losses,
  });
}
