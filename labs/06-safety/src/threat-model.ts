/**
 * The threat model as data: `threat-model.json`, validated with zod, mapped to the OWASP Top 10
 * for LLM Applications 2025, and checked for coverage — an in-scope risk without a mitigation, or a
 * mitigation that points at no guard, fails the check (and the build).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GUARDS } from './guards.ts';

/** OWASP Top 10 for LLM Applications 2025: id → official name. */
export const OWASP_LLM_2025 = {
  LLM01: 'Prompt Injection',
  LLM02: 'Sensitive Information Disclosure',
  LLM03: 'Supply Chain',
  LLM04: 'Data and Model Poisoning',
  LLM05: 'Improper Output Handling',
  LLM06: 'Excessive Agency',
  LLM07: 'System Prompt Leakage',
  LLM08: 'Vector and Embedding Weaknesses',
  LLM09: 'Misinformation',
  LLM10: 'Unbounded Consumption',
} as const;

export type OwaspId = keyof typeof OWASP_LLM_2025;
const OWASP_IDS = Object.keys(OWASP_LLM_2025) as OwaspId[];

const text = z.string().trim().min(1);
const ref = z.string().regex(/^[a-z][a-z0-9-]*$/, 'ids are lower-case kebab-case');

/** Schema of `threat-model.json`. */
export const ThreatModelSchema = z.object({
  /** What is being protected, in one sentence. */
  system: text,
  /** Things of value: data, capabilities, reputation. */
  assets: z.array(z.object({ id: ref, description: text })).min(1),
  /** Where input enters the system, and whether it is trusted. */
  entryPoints: z.array(z.object({ id: ref, description: text, trusted: z.boolean() })).min(1),
  /** One entry per OWASP risk. */
  risks: z.array(
    z.object({
      id: z.enum(OWASP_IDS as [OwaspId, ...OwaspId[]]),
      name: text,
      /** Whether this system is exposed to the risk at all. */
      inScope: z.boolean(),
      /** Why it is (or is not) in scope. */
      rationale: text,
      /** Concrete threats: what an attacker or an accident does, through which entry point, to which asset. */
      threats: z.array(z.object({ description: text, entryPoints: z.array(ref), assets: z.array(ref) })),
      /** Controls, each pointing at the guard (by `GUARDS` id) that implements it. */
      mitigations: z.array(z.object({ guard: z.string(), control: text })),
      /** What remains after the mitigations; "none" is never true. */
      residualRisk: text,
    }),
  ),
});

export type ThreatModel = z.infer<typeof ThreatModelSchema>;

/** Result of the coverage check. */
export interface ThreatModelCheck {
  ok: boolean;
  /** One line per problem, each naming the risk (or field) concerned. */
  problems: string[];
}

/** Where the lab's threat model lives. */
export const THREAT_MODEL_FILE = path.join(import.meta.dirname, 'threat-model.json');

/** Reads the JSON file (not validated: `checkThreatModel` does that). */
export function loadThreatModel(file: string = THREAT_MODEL_FILE): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Validates `raw` and checks coverage: every OWASP 2025 risk appears exactly once with its official
 * name; threats reference declared entry points and assets; every in-scope risk has at least one
 * threat and one mitigation; every mitigation names a guard in `GUARDS` whose module exists.
 */
export function checkThreatModel(raw: unknown): ThreatModelCheck {
  const parsed = ThreatModelSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const model = parsed.data;
  const problems: string[] = [];
  const assets = new Set(model.assets.map((a) => a.id));
  const entryPoints = new Set(model.entryPoints.map((e) => e.id));

  for (const id of OWASP_IDS) {
    const count = model.risks.filter((r) => r.id === id).length;
    if (count === 0) problems.push(`${id} ${OWASP_LLM_2025[id]} is missing from the threat model`);
    if (count > 1) problems.push(`${id} appears ${count} times`);
  }
  for (const risk of model.risks) {
    const label = `${risk.id} ${OWASP_LLM_2025[risk.id]}`;
    if (risk.name !== OWASP_LLM_2025[risk.id])
      problems.push(`${risk.id}: name must be "${OWASP_LLM_2025[risk.id]}", got "${risk.name}"`);
    for (const threat of risk.threats) {
      for (const e of threat.entryPoints)
        if (!entryPoints.has(e)) problems.push(`${risk.id}: unknown entry point "${e}"`);
      for (const a of threat.assets) if (!assets.has(a)) problems.push(`${risk.id}: unknown asset "${a}"`);
    }
    if (!risk.inScope) continue;
    if (risk.threats.length === 0) problems.push(`${label} is in scope but lists no threat`);
    if (risk.mitigations.length === 0) problems.push(`${label} is in scope but has no mitigation`);
    for (const mitigation of risk.mitigations) {
      const guard = GUARDS[mitigation.guard as keyof typeof GUARDS];
      if (!guard) {
        problems.push(
          `${risk.id}: mitigation points at unknown guard "${mitigation.guard}" (known: ${Object.keys(GUARDS).join(', ')})`,
        );
      } else if (!existsSync(path.join(import.meta.dirname, guard.module))) {
        problems.push(`${risk.id}: guard "${mitigation.guard}" has no module at src/${guard.module}`);
      }
    }
  }
  return { ok: problems.length === 0, problems };
}
