import type { ParticipantRow } from './store.ts';

/** A lab column of the heatmap, with its checkpoints. */
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
}

/** Everything the page shows, in one document. */
export interface RoomSummary {
  /** Flag participants whose passed count has not gone up for this many minutes. */
  idleMinutes: number;
  /** Flag participants whose first failing checkpoint stayed the same for this many submissions. */
  repeatFailures: number;
  labs: LabColumn[];
  participants: ParticipantSummary[];
  checkpoints: CheckpointRate[];
}

/** Builds the page's document from every participant's latest state. */
export function summarize(
  rows: ParticipantRow[],
  thresholds: { idleMinutes: number; repeatFailures: number },
): RoomSummary {
  const labs = new Map<string, LabColumn>();
  // Per lab, per checkpoint: nested maps, because this runs for every checkpoint of every participant.
  const rates = new Map<string, Map<string, CheckpointRate>>();
  const participants: ParticipantSummary[] = [];

  for (const row of rows) {
    const cells: Record<string, LabCell> = {};
    for (const lab of row.latest.labs) {
      // The newest participant's manifest wins, so a lab renamed mid-workshop shows its new title.
      const column = labs.get(lab.id);
      if (!column || column.checkpoints.length < lab.checkpoints.length) {
        labs.set(lab.id, {
          id: lab.id,
          title: lab.title,
          checkpoints: lab.checkpoints.map((c) => ({ id: c.id, title: c.title })),
        });
      }
      let passed = 0;
      let labRates = rates.get(lab.id);
      if (!labRates) {
        labRates = new Map();
        rates.set(lab.id, labRates);
      }
      for (const checkpoint of lab.checkpoints) {
        let rate = labRates.get(checkpoint.id);
        if (!rate) {
          rate = { lab: lab.id, checkpoint: checkpoint.id, title: checkpoint.title, passed: 0, attempted: 0 };
          labRates.set(checkpoint.id, rate);
        }
        rate.attempted++;
        if (checkpoint.status === 'pass') {
          rate.passed++;
          passed++;
        }
      }
      cells[lab.id] = { passed, total: lab.checkpoints.length, status: lab.status };
    }
    participants.push({
      name: row.name,
      latestAt: row.latestAt,
      lastProgressAt: row.lastProgressAt,
      passed: row.passed,
      total: row.total,
      submissions: row.submissions,
      labs: cells,
      stuck: row.failStreak >= thresholds.repeatFailures ? stuckOn(row) : null,
    });
  }

  const byLab = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const columns = [...labs.values()].sort(byLab);
  // Checkpoints in workshop order: labs by id, checkpoints as in the lab's manifest.
  const checkpoints = columns.flatMap((lab) => {
    const labRates = rates.get(lab.id) ?? new Map<string, CheckpointRate>();
    const listed = lab.checkpoints.flatMap((c) => labRates.get(c.id) ?? []);
    const others = [...labRates.values()].filter((rate) => !lab.checkpoints.some((c) => c.id === rate.checkpoint));
    return [...listed, ...others];
  });
  return { ...thresholds, labs: columns, participants, checkpoints };
}

function stuckOn(row: ParticipantRow): ParticipantSummary['stuck'] {
  if (!row.failKey) return null;
  const [labId = '', checkpointId = ''] = row.failKey.split(' ');
  const lab = row.latest.labs.find((l) => l.id === labId);
  const checkpoint = lab?.checkpoints.find((c) => c.id === checkpointId);
  return {
    lab: labId,
    checkpoint: checkpointId,
    title: checkpoint?.title ?? lab?.title ?? '',
    message: (checkpoint?.message || lab?.message || '').slice(0, 300),
    streak: row.failStreak,
  };
}
