import { WorkshopError } from '../errors.ts';
import { buildReport, participantName } from '../report/build.ts';
import { readProgress } from '../results/progress.ts';
import { flushOutbox } from '../submit/flush.ts';
import { participantKey } from '../submit/identity.ts';
import { enqueue, normalizeUrl } from '../submit/outbox.ts';
import type { Context } from './context.ts';

export interface SubmitOptions {
  /** `--to`, else `WORKSHOP_DASHBOARD_URL`. */
  to?: string;
  /** `--token`, else `WORKSHOP_TOKEN`. */
  token?: string;
  name?: string;
  /** How long to wait for the dashboard before keeping the report queued. */
  timeoutMs?: number;
}

function dashboardUrl(value: string | undefined): string {
  if (!value) throw new WorkshopError('--to <dashboard URL> is required (or set WORKSHOP_DASHBOARD_URL)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WorkshopError(`--to must be a URL like http://192.168.1.20:4321, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WorkshopError(`--to must be an http:// or https:// URL, got "${value}"`);
  }
  return normalizeUrl(url.href);
}

/**
 * `workshop submit --to URL --token T [--name NAME]`: queues a report of the saved progress, then
 * sends everything queued for that dashboard. Prints one line for what was sent and one for what
 * is still queued; exits 1 when something could not be delivered.
 */
export async function submitCommand(context: Context, options: SubmitOptions, env = process.env): Promise<number> {
  const url = dashboardUrl(options.to ?? env.WORKSHOP_DASHBOARD_URL);
  const token = options.token ?? env.WORKSHOP_TOKEN;
  if (!token)
    throw new WorkshopError('--token <cohort token> is required (or set WORKSHOP_TOKEN); the instructor has it');
  const progress = await readProgress(context.root);
  const report = buildReport(context.labs, progress, participantName(context.root, options.name, env));
  if (report.labs.length === 0) {
    process.stdout.write('note: no lab checked yet, so the report is empty; run `pnpm workshop verify` first\n');
  }
  await enqueue(context.root, url, report);
  const result = await flushOutbox(context.root, {
    url,
    token,
    key: await participantKey(context.root),
    timeoutMs: options.timeoutMs ?? 3_000,
  });
  const plural = (n: number) => `${n} report${n === 1 ? '' : 's'}`;
  process.stdout.write(`sent ${plural(result.sent)} to ${url} as "${report.participant.name}"\n`);
  if (result.queued > 0) {
    const why = result.stoppedBy ? ` (${result.stoppedBy.reason})` : '';
    process.stdout.write(
      `queued ${plural(result.queued)}${why}; they are sent by the next \`pnpm workshop submit\` or watch re-check\n`,
    );
  } else {
    process.stdout.write('queued 0 reports\n');
  }
  for (const reason of result.rejected) process.stdout.write(`rejected 1 report: ${reason}\n`);
  return result.queued === 0 && result.rejected.length === 0 ? 0 : 1;
}
