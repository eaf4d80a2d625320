import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { Lab } from '../labs/repo.ts';
import type { Progress } from '../results/progress.ts';
import type { LabResult, VerifyReport } from '../results/schema.ts';

/**
 * `workshop report --format json` and what `submit` sends: the stable `verify --json` document
 * (version 1) plus who and when. Only added fields, so anything that reads v1 reads this.
 */
export interface ParticipantReport extends VerifyReport {
  /** Labs the participant has checked, in workshop order, each with when it was last checked. */
  labs: (LabResult & { checkedAt: string })[];
  /** Who made the report. */
  participant: { name: string };
  /** When the report was made (ISO 8601). */
  generatedAt: string;
}

/** Compiler output can run to pages; the dashboard needs the gist. */
const MAX_MESSAGE = 1_000;
const clip = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);

/** Builds the report from saved progress; labs never checked are left out rather than shown as failing. */
export function buildReport(labs: Lab[], progress: Progress, name: string, now = new Date()): ParticipantReport {
  const checked = labs.flatMap((lab) => {
    const saved = progress.labs[lab.id];
    if (!saved) return [];
    const result: LabResult & { checkedAt: string } = {
      id: saved.id,
      title: saved.title,
      status: saved.status,
      checkpoints: saved.checkpoints.map((c) => ({ ...c, message: clip(c.message) })),
      checkedAt: saved.checkedAt,
    };
    if (saved.message !== undefined) result.message = clip(saved.message);
    return [result];
  });
  return { version: 1, target: 'labs', labs: checked, participant: { name }, generatedAt: now.toISOString() };
}

function gitUserName(cwd: string): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return name.trim() || undefined;
  } catch {
    return undefined; // no git, or no user.name configured
  }
}

/** Who the participant is: `--name`, else `WORKSHOP_NAME`, else the git user name, else the OS user. */
export function participantName(root: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = explicit?.trim() || env.WORKSHOP_NAME?.trim() || gitUserName(root) || userInfo().username;
  return name.slice(0, 60);
}
