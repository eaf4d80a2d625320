import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditLog, hashEntry, verifyAuditLog } from '@lab/audit/log.ts';
import { FileAuditSink, MemoryAuditSink } from '@lab/audit/sinks.ts';
import { useMockNetwork } from '@workshop/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop } from './support/shop.ts';

const network = useMockNetwork();

const CARD = '4111 1111 1111 1111';
const PHONE = '+41 44 668 18 00';
const EMAIL = 'jane.doe@example.com';

/** Run the refund story (a lookup, a paused refund, an approval, a receipt) into `log`. */
async function auditedRun(log: AuditLog) {
  network.openai.script(
    {
      toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: { orderId: 'A-1042' } }],
      usage: { inputTokens: 400, outputTokens: 30 },
    },
    {
      toolCalls: [
        {
          id: 'c2',
          name: 'refund_order',
          arguments: { orderId: 'A-1042', amountEur: 20, reason: `card ${CARD}, call back on ${PHONE}` },
        },
      ],
      usage: { inputTokens: 500, outputTokens: 40 },
    },
    {
      toolCalls: [{ id: 'c3', name: 'send_receipt', arguments: { orderId: 'A-1042', to: EMAIL } }],
      usage: { inputTokens: 600, outputTokens: 20 },
    },
    { content: 'Done: refunded and receipt sent.', usage: { inputTokens: 700, outputTokens: 10 } },
  );
  const shop = createShop();
  const agent = shop.agent({ audit: log });
  const paused = await agent.start({ role: 'support', task: `Refund A-1042 and mail ${EMAIL}`, runId: 'run-audit' });
  const done = await agent.resume(JSON.stringify(paused.state), { toolCallId: 'c2', approved: true, by: 'lead' });
  return { shop, done };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The log's lines (without the final newline). */
function linesOf(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('DoD-7 an append-only, hash-chained audit log records every decision, with PII redacted, and detects tampering', () => {
  it('records model calls with tokens and cost, decisions, the approval and redacted tool arguments', async () => {
    const sink = new MemoryAuditSink();
    const { shop, done } = await auditedRun(AuditLog.open(sink));

    const text = sink.read();
    const entries = linesOf(text).map((line) => JSON.parse(line));
    const types = entries.map((e) => e.event.type);
    expect(types[0]).toBe('run_started');
    expect(types).toContain('run_paused');
    expect(types.at(-1)).toBe('run_finished');
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));

    const modelCalls = entries.filter((e) => e.event.type === 'model_call').map((e) => e.event);
    expect(modelCalls).toHaveLength(4);
    expect(modelCalls.reduce((n, e) => n + e.usage.totalTokens, 0)).toBe(done.usage.totalTokens);
    expect(modelCalls.reduce((n, e) => n + e.costUsd, 0)).toBeCloseTo(done.costUsd, 12);

    const decisions = entries.filter((e) => e.event.type === 'decision').map((e) => e.event.decision);
    expect(decisions).toEqual(['allow', 'needs_approval', 'allow']);
    expect(entries.find((e) => e.event.type === 'approval')?.event).toMatchObject({
      tool: 'refund_order',
      approved: true,
      by: 'lead',
    });

    const toolCalls = entries.filter((e) => e.event.type === 'tool_call').map((e) => e.event);
    expect(toolCalls.map((e) => e.tool)).toEqual(['lookup_order', 'refund_order', 'send_receipt']);
    expect(toolCalls[2].args).toEqual({ orderId: 'A-1042', to: '[EMAIL]' });
    expect(toolCalls[1].args.reason).toBe('card [CREDIT_CARD], call back on [PHONE]');
    for (const secret of [EMAIL, CARD, PHONE]) expect(text).not.toContain(secret);
    // Only the log is redacted: the tool itself got the real address.
    expect(shop.effects.receipts[0]?.to).toBe(EMAIL);
    expect(verifyAuditLog(text)).toMatchObject({ ok: true });
  });

  it('detects an edited, deleted or reordered line and names it', async () => {
    const sink = new MemoryAuditSink();
    await auditedRun(AuditLog.open(sink));
    const lines = linesOf(sink.read());
    const join = (ls: string[]) => `${ls.join('\n')}\n`;
    expect(lines.length).toBeGreaterThan(6);

    const edited = [...lines];
    edited[3] = (edited[3] ?? '').replace('"support"', '"admin"').replace('A-1042', 'A-9999');
    expect(edited[3]).not.toBe(lines[3]);
    expect(verifyAuditLog(join(edited))).toMatchObject({
      ok: false,
      line: 4,
      error: expect.stringMatching(/^line 4: /),
    });

    const deleted = lines.filter((_, i) => i !== 2);
    expect(verifyAuditLog(join(deleted))).toMatchObject({ ok: false, line: 3 });

    const reordered = [...lines];
    [reordered[4], reordered[5]] = [reordered[5] ?? '', reordered[4] ?? ''];
    expect(verifyAuditLog(join(reordered))).toMatchObject({ ok: false, line: 5 });

    // Re-hashing the edited entry does not help: the next line still points at the old hash.
    const forged = JSON.parse(lines[3] ?? '{}');
    forged.event.runId = 'someone-else';
    forged.hash = hashEntry(forged.prevHash, forged);
    const rehashed = [...lines];
    rehashed[3] = JSON.stringify(forged);
    expect(verifyAuditLog(join(rehashed))).toMatchObject({
      ok: false,
      line: 5,
      error: expect.stringMatching(/line 4/),
    });

    const result = verifyAuditLog(join(lines));
    expect(result.ok).toBe(true);
    expect(result.ok && result.entries).toHaveLength(lines.length);
  });

  it('refuses to open a corrupt log file, naming the line, and leaves the file as it was', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const file = path.join(dir, 'audit.jsonl');
    const log = AuditLog.open(new FileAuditSink(file));
    await auditedRun(log);
    const original = readFileSync(file, 'utf8');
    expect(log.entries).toHaveLength(linesOf(original).length);

    // Reopening a good file continues the chain where it ended.
    const reopened = AuditLog.open(new FileAuditSink(file));
    reopened.append({ type: 'run_started', runId: 'run-2', role: 'support', task: `mail ${EMAIL}` });
    const extended = readFileSync(file, 'utf8');
    expect(extended.startsWith(original)).toBe(true);
    expect(verifyAuditLog(extended)).toMatchObject({ ok: true });
    expect(extended).not.toContain(EMAIL);

    const corrupt = linesOf(extended);
    corrupt[2] = '{"seq": 3, "at": "2025-01-15T09:00:00.000Z", "event": {"type": "tool_ca';
    writeFileSync(file, `${corrupt.join('\n')}\n`);
    const before = readFileSync(file, 'utf8');

    expect(() => AuditLog.open(new FileAuditSink(file))).toThrow(`${file} line 3: not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
