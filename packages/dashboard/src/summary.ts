import type { LabCatalog } from './catalog.ts';
import { MetricCollector, type MetricStats } from './metric-stats.ts';
import type { ParticipantRow } from './store.ts';

/** A lab column of the heatmap, with its checkpoints (titles from the lab's manifest). */
export interface LabColumn {
  id: string;
  title: string;
  checkpoints: { id: string; title: string }[];
}

/** One heatmap cell: a participant's progress in one lab. */
export interface LabCell {
  passed: number;
  total: number;
  status: 'pass' | 'fail' | 'error';
}

/** One row of the heatmap plus what the instructor should look at. */
export interface ParticipantSummary {
  name: string;
  /** When the latest submission was made (ms since epoch). */
  latestAt: number;
  /** When the passed count last went up (ms since epoch). */
  lastProgressAt: number;
  passed: number;
  total: number;
  submissions: number;
  /** Per lab id; a lab the participant has not checked yet is absent. */
  labs: Record<string, LabCell>;
  /** The checkpoint the participant keeps failing, when `streak` reached the room's threshold. */
  stuck: { lab: string; checkpoint: string; title: string; message: string; streak: number } | null;
}

/** How the room does on one checkpoint: where the room is stuck. */
export interface CheckpointRate {
  lab: string;
  checkpoint: string;
  title: string;
  /** Participants who passed it. */
  passed: number;
  /** Participants who have checked that lab. */
  attempted: number;
  /** The KPIs its tests measured: the room's min, median and max each. Empty when none. */
  metrics: MetricStats[];
}

/** Everything the page shows, in one document. */
export interface RoomSummary {
  /** Flag participants whose passed count has not gone up for this many minutes. */
  idleMinutes: number;
  /** Flag participants whose first failing checkpoint stayed the same for this many submissions. */
  repeatFailures: number;
  /** Labs someone has checked, in workshop order. */
  labs: LabColumn[];
  participants: ParticipantSummary[];
  /** Per checkpoint of those labs, in workshop order. */
  checkpoints: CheckpointRate[];
}

interface RateAccumulator {
  passed: number;
  attempted: number;
  metrics: MetricCollector;
}

/**
 * Builds the page's document from every participant's latest state. Labs, checkpoints and titles
 * come from the workshop's manifests; a stored lab the catalog no longer has (the instructor
 * restarted on a newer checkout) is left out.
 */
export function summarize(
  rows: ParticipantRow[],
  thresholds: { idleMinutes: number; repeatFailures: number },
  catalog: LabCatalog,
): RoomSummary {
  // `<lab> <checkpoint>` → accumulator; only catalog checkpoints ever get one.
  const rates = new Map<string, RateAccumulator>();
  const participants: ParticipantSummary[] = [];

  for (const row of rows) {
    const cells: Record<string, LabCell> = {};
    for (const lab of row.latest.labs) {
      if (!catalog.lab(lab.id)) continue;
      let passed = 0;
      let total = 0;
      for (const checkpoint of lab.checkpoints) {
        if (!catalog.hasCheckpoint(lab.id, checkpoint.id)) continue;
        const key = `${lab.id} ${checkpoint.id}`;
        let rate = rates.get(key);
        if (!rate) {
          rate = { passed: 0, attempted: 0, metrics: new MetricCollector() };
          rates.set(key, rate);
        }
        rate.attempted++;
        total++;
        if (checkpoint.status === 'pass') {
          rate.passed++;
          passed++;
        }
        if (checkpoint.metrics?.length) rate.metrics.add(checkpoint.metrics);
      }
      cells[lab.id] = { passed, total, status: lab.status };
    }
    participants.push({
      name: row.name,
      latestAt: row.latestAt,
      lastProgressAt: row.lastProgressAt,
      passed: row.passed,
      total: row.total,
      submissions: row.submissions,
      labs: cells,
      stuck: row.failStreak >= thresholds.repeatFailures ? stuckOn(row, catalog) : null,
    });
  }

  const labs = catalog.labs
    .filter((lab) => lab.checkpoints.some((c) => rates.has(`${lab.id} ${c.id}`)))
    .map((lab) => ({ id: lab.id, title: lab.title, checkpoints: lab.checkpoints.map((c) => ({ ...c })) }));
  const checkpoints = labs.flatMap((lab) =>
    lab.checkpoints.flatMap((checkpoint): CheckpointRate[] => {
      const rate = rates.get(`${lab.id} ${checkpoint.id}`);
      if (!rate) return [];
      return [
        {
          lab: lab.id,
          checkpoint: checkpoint.id,
          title: checkpoint.title,
          passed: rate.passed,
          attempted: rate.attempted,
          metrics: rate.metrics.stats(),
        },
      ];
    }),
  );
  return { ...thresholds, labs, participants, checkpoints };
}

function stuckOn(row: ParticipantRow, catalog: LabCatalog): ParticipantSummary['stuck'] {
  if (!row.failKey) return null;
  const [labId = '', checkpointId = ''] = row.failKey.split(' ');
  const lab = row.latest.labs.find((l) => l.id === labId);
  const checkpoint = lab?.checkpoints.find((c) => c.id === checkpointId);
  const known = catalog.lab(labId);
  return {
    lab: labId,
    checkpoint: checkpointId,
    title: known?.checkpoints.find((c) => c.id === checkpointId)?.title ?? known?.title ?? '',
    message: (checkpoint?.message || lab?.message || '').slice(0, 300),
    streak: row.failStreak,
  };
}
