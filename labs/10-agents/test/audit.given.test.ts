// Given code (src/audit): the hash chain, verification and PII redaction. Runs against the reference in `test:reference`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '@lab/audit/events.ts';
import { AuditLog, hashEntry, verifyAuditLog } from '@lab/audit/log.ts';
import { FileAuditSink, MemoryAuditSink } from '@lab/audit/sinks.ts';
import { afterEach, describe, expect, it } from 'vitest';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const events: AuditEvent[] = [
  { type: 'run_started', runId: 'r1', role: 'support', task: `Refund A-1001, mail ${EMAIL}, card ${CARD}` },
  { type: 'decision', runId: 'r1', toolCallId: 'c1', tool: 'lookup_order', decision: 'allow' },
  { type: 'tool_call', runId: 'r1', toolCallId: 'c1', tool: 'lookup_order', args: { orderId: 'A-1001' } },
  { type: 'tool_result', runId: 'r1', toolCallId: 'c1', tool: 'lookup_order', status: 'ok', durationMs: 12 },
  {
    type: 'decision',
    runId: 'r1',
    toolCallId: 'c2',
    tool: 'refund_order',
    decision: 'needs_approval',
    reason: 'money',
  },
  { type: 'approval', runId: 'r1', toolCallId: 'c2', tool: 'refund_order', approved: true, by: 'lead@shop.example' },
  { type: 'tool_call', runId: 'r1', toolCallId: 'c3', tool: 'send_receipt', args: { orderId: 'A-1001', to: EMAIL } },
  {
    type: 'run_finished',
    runId: 'r1',
    status: 'done',
    steps: 3,
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    costUsd: 0,
  },
];
const linesOf = (text: string) => text.trimEnd().split('\n');
const join = (lines: string[]) => `${lines.join('\n')}\n`;
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('audit log (given)', () => {
  it('chains every entry to the previous one and keeps PII out', () => {
    const sink = new MemoryAuditSink();
    const log = AuditLog.open(sink, { now: () => Date.UTC(2025, 5, 2) });
    for (const event of events) log.append(event);
    const text = sink.read();
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(CARD);
    expect(text).toContain('[EMAIL]');
    expect(verifyAuditLog(text)).toMatchObject({ ok: true, head: log.head });
  });

  it('names the first edited, deleted or reordered line, and a re-hashed edit too', () => {
    const sink = new MemoryAuditSink();
    const log = AuditLog.open(sink);
    for (const event of events) log.append(event);
    const lines = linesOf(sink.read());
    const edited = [...lines];
    edited[3] = (edited[3] ?? '').replace('"ok"', '"error"');
    expect(verifyAuditLog(join(edited))).toMatchObject({
      ok: false,
      line: 4,
      error: expect.stringMatching(/^line 4: /),
    });
    expect(verifyAuditLog(join(lines.filter((_, i) => i !== 2)))).toMatchObject({ ok: false, line: 3 });
    const reordered = [...lines];
    [reordered[4], reordered[5]] = [reordered[5] ?? '', reordered[4] ?? ''];
    expect(verifyAuditLog(join(reordered))).toMatchObject({ ok: false, line: 5 });
    const forged = JSON.parse(lines[3] ?? '{}');
    forged.event.status = 'error';
    forged.hash = hashEntry(forged.prevHash, forged);
    const rehashed = [...lines];
    rehashed[3] = JSON.stringify(forged);
    expect(verifyAuditLog(join(rehashed))).toMatchObject({
      ok: false,
      line: 5,
      error: expect.stringMatching(/line 4/),
    });
  });

  it('refuses to open a corrupt file, naming it and the line, and leaves it as it was', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const file = path.join(dir, 'audit.jsonl');
    const log = AuditLog.open(new FileAuditSink(file));
    for (const event of events) log.append(event);
    const reopened = AuditLog.open(new FileAuditSink(file));
    reopened.append(events[0] as AuditEvent);
    const corrupt = linesOf(readFileSync(file, 'utf8'));
    corrupt[2] = '{"seq": 3, "at": "2025-06-02T09:00:00.000Z", "event": {"type": "tool_ca';
    writeFileSync(file, join(corrupt));
    const before = readFileSync(file, 'utf8');
    expect(() => AuditLog.open(new FileAuditSink(file))).toThrow(`${file} line 3: not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
