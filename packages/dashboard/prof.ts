import { LabCatalog } from './src/catalog.ts';
import type { ParticipantRow } from './src/store.ts';
import { summarize } from './src/summary.ts';

const LABS = Array.from({ length: 8 }, (_, l) => ({
  id: `0${l}-lab`,
  title: `Lab ${l}`,
  checkpoints: Array.from({ length: 7 }, (_, i) => ({ id: `DoD-${i + 1}`, title: `cp ${i}` })),
}));
const catalog = new LabCatalog(LABS);
const rows: ParticipantRow[] = Array.from({ length: 200 }, (_, p) => ({
  name: `Participant ${p}`,
  latestAt: 0,
  lastProgressAt: 0,
  passed: 1,
  total: 56,
  failKey: null,
  failStreak: 0,
  submissions: 1,
  latest: {
    version: 1,
    target: 'labs',
    participant: { name: `P${p}` },
    generatedAt: '',
    labs: LABS.map((lab) => ({
      id: lab.id,
      title: lab.title,
      status: 'fail' as const,
      checkpoints: lab.checkpoints.map((c, i) => ({
        ...c,
        status: 'fail' as const,
        message: 'x'.repeat(80),
        ...(i === 1 ? { metrics: [{ name: 'score', value: p / 200, target: '>= 0.8', unit: 'ratio' }] } : {}),
      })),
    })),
  },
}));
for (const label of ['warm', 'run', 'run', 'run']) {
  const t = performance.now();
  for (let i = 0; i < 200; i++) summarize(rows, { idleMinutes: 10, repeatFailures: 5 }, catalog);
  console.log(label, 'summary ms', ((performance.now() - t) / 200).toFixed(3));
}
