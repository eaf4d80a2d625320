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
  /** Made on the first metric: most checkpoints measure nothing. */
  metrics?: MetricCollector;
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
  // Per lab, per checkpoint: nested maps, because this runs for every checkpoint of every
  // participant. Only the catalog's checkpoints ever get an accumulator.
  const rates = new Map<string, Map<string, RateAccumulator>>();
  const participants: ParticipantSummary[] = [];

  for (const row of rows) {
    const cells: Record<string, LabCell> = {};
    for (const lab of row.latest.labs) {
      if (!catalog.lab(lab.id)) continue;
      let labRates = rates.get(lab.id);
      if (!labRates) {
        labRates = new Map();
        rates.set(lab.id, labRates);
      }
      let passed = 0;
      let total = 0;
      for (const checkpoint of lab.checkpoints) {
        let rate = labRates.get(checkpoint.id);
        if (!rate) {
          if (!catalog.hasCheckpoint(lab.id, checkpoint.id)) continue;
          rate = { passed: 0, attempted: 0 };
          labRates.set(checkpoint.id, rate);
        }
        rate.attempted++;
        total++;
        if (checkpoint.status === 'pass') {
          rate.passed++;
          passed++;
        }
        if (checkpoint.metrics?.length) {
          rate.metrics ??= new MetricCollector();
          rate.metrics.add(checkpoint.metrics);
        }
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
    .filter((lab) => (rates.get(lab.id)?.size ?? 0) > 0)
    .map((lab) => ({ id: lab.id, title: lab.title, checkpoints: lab.checkpoints.map((c) => ({ ...c })) }));
  const checkpoints = labs.flatMap((lab) =>
    lab.checkpoints.flatMap((checkpoint): CheckpointRate[] => {
      const rate = rates.get(lab.id)?.get(checkpoint.id);
      if (!rate) return [];
      return [
        {
          lab: lab.id,
          checkpoint: checkpoint.id,
          title: checkpoint.title,
          passed: rate.passed,
          attempted: rate.attempted,
          metrics: rate.metrics?.stats() ?? [],
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
