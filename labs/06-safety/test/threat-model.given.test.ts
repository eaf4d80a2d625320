import { GUARDS } from '@lab/guards.ts';
import { checkThreatModel, loadThreatModel, OWASP_LLM_2025 } from '@lab/threat-model.ts';
import { describe, expect, it } from 'vitest';

/** A deep copy of the lab's threat model, to break on purpose. */
const copy = () => structuredClone(loadThreatModel()) as { risks: Record<string, unknown>[]; [k: string]: unknown };
const risk = (model: ReturnType<typeof copy>, id: string) =>
  model.risks.find((r) => r.id === id) as Record<string, unknown>;

describe('the threat model covers the OWASP Top 10 for LLM Applications 2025', () => {
  it('the lab threat model passes the coverage check', () => {
    const result = checkThreatModel(loadThreatModel());
    expect(result.problems, result.problems.join('\n')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('lists every risk LLM01–LLM10 with its official name, and mitigates every in-scope one with a known guard', () => {
    const model = copy();
    expect(model.risks.map((r) => r.id).sort()).toEqual(Object.keys(OWASP_LLM_2025));
    const inScope = model.risks.filter((r) => r.inScope === true);
    expect(inScope.length).toBeGreaterThanOrEqual(7);
    for (const r of inScope) {
      const mitigations = r.mitigations as { guard: string }[];
      expect(mitigations.length, `${r.id} has no mitigation`).toBeGreaterThan(0);
      for (const m of mitigations) expect(Object.keys(GUARDS)).toContain(m.guard);
    }
    // The injection risk is mitigated by the input guard; leakage by the canary.
    expect((risk(model, 'LLM01').mitigations as { guard: string }[]).map((m) => m.guard)).toContain('input-guard');
    expect((risk(model, 'LLM07').mitigations as { guard: string }[]).map((m) => m.guard)).toContain('canary');
  });

  it('fails when an in-scope risk has no mitigation, naming the risk', () => {
    const model = copy();
    const agency = risk(model, 'LLM06');
    agency.inScope = true;
    agency.mitigations = [];
    const result = checkThreatModel(model);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/LLM06.*mitigation/);
  });

  it('fails when a mitigation points at a guard that does not exist', () => {
    const model = copy();
    (risk(model, 'LLM01').mitigations as { guard: string; control: string }[]).push({
      guard: 'magic-firewall',
      control: 'Blocks all attacks.',
    });
    const result = checkThreatModel(model);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/magic-firewall/);
  });

  it('fails when a risk is missing, or the data does not match the schema', () => {
    const model = copy();
    model.risks = model.risks.filter((r) => r.id !== 'LLM10');
    expect(checkThreatModel(model).problems.join('\n')).toMatch(/LLM10/);

    const broken = copy();
    risk(broken, 'LLM02').residualRisk = '';
    const result = checkThreatModel(broken);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/residualRisk/);
    expect(checkThreatModel({ risks: 'all good' }).ok).toBe(false);
  });

  it('out-of-scope risks need no mitigation, but in-scope ones cannot hide by dropping threats', () => {
    const model = copy();
    const poisoning = risk(model, 'LLM04');
    poisoning.inScope = false;
    poisoning.mitigations = [];
    expect(checkThreatModel(model).ok).toBe(true);
    const hidden = copy();
    risk(hidden, 'LLM02').threats = [];
    expect(checkThreatModel(hidden).problems.join('\n')).toMatch(/LLM02/);
  });
});
