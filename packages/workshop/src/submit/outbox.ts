import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParticipantReport } from '../report/build.ts';

/**
 * The local queue of reports waiting for a dashboard: one JSON file per report in
 * `.workshop/outbox/`, named by time so they are sent oldest first. A report is queued before
 * any attempt to send it, so a dashboard that is down loses nothing; it is deleted only after the
 * dashboard acknowledged it.
 */
export interface QueuedReport {
  version: 1;
  /** The dashboard it is for (no trailing slash). */
  url: string;
  report: ParticipantReport;
}

/** A queued report and its file. */
export interface OutboxEntry extends QueuedReport {
  file: string;
}

/** Reports are snapshots and the newest matters most: beyond this, the oldest are dropped. */
export const MAX_QUEUED = 500;

export function outboxDir(root: string): string {
  return path.join(root, '.workshop', 'outbox');
}

export function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Adds a report to the queue (atomically: temp file, then rename). */
export async function enqueue(root: string, url: string, report: ParticipantReport): Promise<string> {
  const dir = outboxDir(root);
  await mkdir(dir, { recursive: true });
  const name = `${Date.parse(report.generatedAt).toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}.json`;
  const file = path.join(dir, name);
  const entry: QueuedReport = { version: 1, url: normalizeUrl(url), report };
  await writeFile(`${file}.tmp`, JSON.stringify(entry));
  await rename(`${file}.tmp`, file);
  await trim(dir);
  return file;
}

async function queuedFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return []; // no outbox yet
  }
}

async function trim(dir: string): Promise<void> {
  const files = await queuedFiles(dir);
  for (const name of files.slice(0, Math.max(0, files.length - MAX_QUEUED)))
    await rm(path.join(dir, name), { force: true });
}

/** Queued reports for one dashboard, oldest first. Unreadable files are set aside, not fatal. */
export async function pending(root: string, url: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(root);
  const entries: OutboxEntry[] = [];
  for (const name of await queuedFiles(dir)) {
    const file = path.join(dir, name);
    try {
      const entry = JSON.parse(await readFile(file, 'utf8')) as QueuedReport;
      if (entry.url === normalizeUrl(url)) entries.push({ ...entry, file });
    } catch {
      await setAside(root, file);
    }
  }
  return entries;
}

/** Removes a report the dashboard acknowledged. */
export async function remove(entry: OutboxEntry): Promise<void> {
  await rm(entry.file, { force: true });
}

/** Moves a report the dashboard refused for good (invalid, name taken) out of the queue, keeping it for a look. */
export async function setAside(root: string, file: string): Promise<void> {
  const dir = path.join(outboxDir(root), 'rejected');
  await mkdir(dir, { recursive: true });
  await rename(file, path.join(dir, path.basename(file))).catch(() => rm(file, { force: true }));
}
