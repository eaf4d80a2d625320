import { triageRequest } from '@lab/prompts.ts';
import { parseTriage, type TriageParse, TriageSchema } from '@lab/triage.ts';
import { describe, expect, it } from 'vitest';
import { triage, triageJson } from './support.ts';

/** The failure branch, or a test failure saying the output was wrongly accepted. */
function rejected(result: TriageParse) {
  if (result.ok)
    throw new Error(`expected the output to be rejected, but it was accepted: ${JSON.stringify(result.triage)}`);
  return result;
}

/** The paths of the zod issues, as `a.b` strings. */
const paths = (result: TriageParse) => rejected(result).issues.map((issue) => issue.path.join('.'));

describe('given parseTriage: valid structured output is accepted', () => {
  it('accepts a valid triage and returns it typed', () => {
    expect(parseTriage(triageJson())).toEqual({ ok: true, triage: triage() });
  });

  it('accepts every category and priority of the contract', () => {
    const categories = ['damaged_item', 'late_delivery', 'refund_request', 'billing', 'account', 'other'] as const;
    const priorities = ['low', 'normal', 'high', 'urgent'] as const;
    for (const category of categories) expect(parseTriage(triageJson({ category })).ok, category).toBe(true);
    for (const priority of priorities) expect(parseTriage(triageJson({ priority })).ok, priority).toBe(true);
  });

  it('accepts an order id', () => {
    expect(parseTriage(triageJson({ order_id: 'A-1042' }))).toEqual({
      ok: true,
      triage: triage({ order_id: 'A-1042' }),
    });
  });

  it('unwraps a Markdown ```json fence', () => {
    expect(parseTriage(`\`\`\`json\n${triageJson()}\n\`\`\``)).toEqual({ ok: true, triage: triage() });
  });

  it('drops unknown extra keys instead of rejecting them', () => {
    const result = parseTriage(triageJson({ confidence: 0.93 }));
    expect(result).toEqual({ ok: true, triage: triage() });
  });
});

describe('given parseTriage: invalid structured output is rejected with a problem that names it', () => {
  it('rejects text that is not JSON, saying so', () => {
    const result = rejected(parseTriage('Sure! The category is damaged_item and the priority is high.'));
    expect(result.problem).toMatch(/JSON/);
    expect(result.issues).toEqual([]);
  });

  it('rejects JSON cut off mid-way (a length-limited answer)', () => {
    expect(rejected(parseTriage(triageJson().slice(0, 40))).problem).toMatch(/JSON/);
  });

  it('rejects a priority outside the enum, naming the field', () => {
    const result = parseTriage(triageJson({ priority: 'critical' }));
    expect(paths(result)).toEqual(['priority']);
    expect(rejected(result).problem).toContain('priority');
  });

  it('rejects a category outside the enum', () => {
    expect(paths(parseTriage(triageJson({ category: 'complaint' })))).toEqual(['category']);
  });

  it('rejects a missing field', () => {
    const { needs_human: _, ...withoutNeedsHuman } = triage();
    expect(paths(parseTriage(JSON.stringify(withoutNeedsHuman)))).toEqual(['needs_human']);
  });

  it('requires order_id to be present (null when there is none)', () => {
    const { order_id: _, ...withoutOrderId } = triage();
    expect(paths(parseTriage(JSON.stringify(withoutOrderId)))).toEqual(['order_id']);
  });

  it('rejects a malformed order id', () => {
    expect(paths(parseTriage(triageJson({ order_id: 'order 1042' })))).toEqual(['order_id']);
    expect(paths(parseTriage(triageJson({ order_id: 'a-1042' })))).toEqual(['order_id']);
  });

  it('rejects an empty or overlong summary', () => {
    expect(paths(parseTriage(triageJson({ summary: '' })))).toEqual(['summary']);
    expect(paths(parseTriage(triageJson({ summary: 'x'.repeat(281) })))).toEqual(['summary']);
    expect(parseTriage(triageJson({ summary: 'x'.repeat(280) })).ok).toBe(true);
  });

  it('rejects a string where a boolean belongs', () => {
    expect(paths(parseTriage(triageJson({ needs_human: 'yes' })))).toEqual(['needs_human']);
  });

  it('reports every failing field at once, so one repair can fix them all', () => {
    const result = parseTriage(triageJson({ priority: 'P1', needs_human: 'yes' }));
    expect(paths(result).sort()).toEqual(['needs_human', 'priority']);
    expect(rejected(result).problem).toContain('priority');
    expect(rejected(result).problem).toContain('needs_human');
  });

  it('rejects JSON that is not an object', () => {
    expect(rejected(parseTriage('[]')).issues.length).toBeGreaterThan(0);
    expect(rejected(parseTriage('null')).issues.length).toBeGreaterThan(0);
  });
});

describe('given triageRequest', () => {
  it('sends the customer text as the user turn after the system prompt, asking for the triage schema', () => {
    const request = triageRequest('Order A-1042 arrived damaged');
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request.messages[1]?.content).toBe('Order A-1042 arrived damaged');
    expect(request.responseFormat).toEqual({ type: 'json', schema: TriageSchema, name: 'triage' });
  });
});
