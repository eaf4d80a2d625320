/**
 * Defect 8: the audit file was read whole at startup (4.1 s and 559 MB at 103 MB). Now it is
 * appended to, its chain verified incrementally from a checkpoint, and only the head kept in
 * memory; the whole history is an offline check (`verifyAuditFile`).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useMockNetwork } from '@workshop/testkit';
import { AuditIntegrityError, verifyAuditLog } from '@workshop-solutions/10-agents';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditFile, openAuditTrail, verifyAuditFile } from '../src/audit-trail.ts';
import { QUESTIONS, toServices, useServices } from './support/harness.ts';

useMockNetwork({ handlers: [toServices] });
const start = useServices();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function file(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'capstone-audit-'));
  dirs.push(dir);
  return path.join(dir, 'audit.jsonl');
}

const event = (i: number) => ({
  type: 'run_started' as const,
  runId: `run-${i}`,
  role: 'user:alice',
  task: `question ${i}`,
});

/** Write `count` entries through a trail on `at`, then close it (the checkpoint is written). */
function write(at: string, count: number, from = 0, checkpointEvery = 1_000): void {
  const trail = openAuditTrail(new AuditFile(at, { checkpointEvery }), { now: () => Date.UTC(2025, 0, 6) });
  for (let i = from; i < from + count; i++) trail.append(event(i), 'ab'.repeat(16));
  trail.close();
}

/** Replace line `n` (1-based) of `at` with an edited copy of itself. */
function tamper(at: string, n: number): void {
  const lines = readFileSync(at, 'utf8').split('\n');
  lines[n - 1] = (lines[n - 1] ?? '').replace('question', 'QUESTION');
  writeFileSync(at, lines.join('\n'));
}

describe('defect 8: the audit file is appended to and verified incrementally', () => {
  it('continues the chain across restarts, each entry carrying its trace id, and the whole file verifies', () => {
    const at = file();
    write(at, 30);
    write(at, 20, 30);

    const head = verifyAuditFile(at);
    expect(head.seq).toBe(50);
    const parsed = verifyAuditLog(readFileSync(at, 'utf8'));
    expect(parsed.ok).toBe(true);
    expect(parsed.entries.every((e) => (e.event as { traceId?: string }).traceId === 'ab'.repeat(16))).toBe(true);
  });

  it('refuses to open when a line after the checkpoint was edited, the file was truncated, or the last write was torn', () => {
    // Lines 11–15 written after the last checkpoint (as after a crash before the next one).
    const edited = file();
    write(edited, 10);
    const checkpoint = readFileSync(`${edited}.head`, 'utf8');
    write(edited, 5, 10);
    writeFileSync(`${edited}.head`, checkpoint);
    const intact = readFileSync(edited, 'utf8');
    tamper(edited, 13);
    expect(() => new AuditFile(edited).open()).toThrow(/line 13: hash mismatch/);
    writeFileSync(edited, intact);
    expect(() => new AuditFile(edited).open(), 'untouched, the lines after the checkpoint verify').not.toThrow();

    const truncated = file();
    write(truncated, 10);
    truncateSync(truncated, statSync(truncated).size - 50);
    expect(() => new AuditFile(truncated).open()).toThrow(/truncated/);

    const torn = file();
    write(torn, 10);
    appendFileSync(torn, '{"seq":11,"at":"2025-01-');
    expect(() => new AuditFile(torn).open()).toThrow(/line 11: incomplete/);
  });

  it('does not read what the checkpoint covers: a huge history opens at once; its full check is offline', () => {
    const at = file();
    write(at, 5);
    const checkpoint = JSON.parse(readFileSync(`${at}.head`, 'utf8')) as { size: number };
    // Bury the history under 20 MB that is not even JSON, and move the checkpoint past it: had the
    // open read the history, it would refuse this file.
    const junk = `${'x'.repeat(1023)}\n`.repeat(20 * 1024);
    writeFileSync(at, readFileSync(at, 'utf8') + junk);
    const head = JSON.parse(readFileSync(`${at}.head`, 'utf8')) as { seq: number; hash: string };
    writeFileSync(`${at}.head`, JSON.stringify({ ...head, size: checkpoint.size + junk.length }));

    const trail = openAuditTrail(new AuditFile(at), { now: Date.now });
    trail.append(event(99));
    trail.close();

    expect(trail.head.seq).toBe(6);
    expect(() => verifyAuditFile(at), 'the offline check reads it all, and finds the junk').toThrow(
      AuditIntegrityError,
    );
  });

  it('is what the service writes: entries of every question, chained across a restart of the service', async () => {
    const at = file();
    const first = await start({ auditFile: at });
    await first.ask(QUESTIONS.breaker);
    await first.service.close();
    const second = await start({ auditFile: at });
    await second.ask(QUESTIONS.rollback);
    await second.service.close();

    const head = verifyAuditFile(at);
    const entries = verifyAuditLog(readFileSync(at, 'utf8'));
    expect(entries.ok).toBe(true);
    expect(head.seq).toBe(entries.entries.length);
    expect(entries.entries.filter((e) => e.event.type === 'run_finished')).toHaveLength(2);
  });
});
