import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decide } from '@lab/decision.ts';
import { loadRubric, parseRubric, type Rubric } from '@lab/rubric.ts';
import { describe, expect, it } from 'vitest';

const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'provider-rubric.yaml');

/** A deep copy of the fixture's data, to vary one thing at a time. */
function variant(rubric: Rubric, change: (copy: Rubric) => void): Rubric {
  const copy = structuredClone(rubric);
  change(copy);
  return copy;
}

describe('the provider rubric is data, and the decision is computed and explained', () => {
  it('ranks the candidates that pass every hard constraint by weighted score and names the winner', async () => {
    const rubric = await loadRubric(fixture);
    const decision = decide(rubric);
    expect(decision.winner).toBe('mistral-small-eu');
    expect(decision.ranking).toEqual([
      'mistral-small-eu',
      'openai-gpt-4o-mini-eu',
      'azure-openai-gpt-4o-mini-eu',
      'ollama-llama3-8b-onprem',
    ]);
    const totals = Object.fromEntries(decision.verdicts.map((v) => [v.id, v.total]));
    expect(totals).toEqual({
      'mistral-small-eu': 3.9,
      'openai-gpt-4o-mini-eu': 3.65,
      'azure-openai-gpt-4o-mini-eu': 3.55,
      'ollama-llama3-8b-onprem': 3.4,
      'openai-gpt-4o-mini-us': 3.65,
      'acme-free-tier': 3,
    });
    expect(decision.verdicts.map((v) => v.rank)).toEqual([1, 2, 3, 4, null, null]);
    // The summary says who won and by how much over whom.
    expect(decision.summary).toContain('mistral-small-eu');
    expect(decision.summary).toContain('0.250');
    expect(decision.summary).toContain('openai-gpt-4o-mini-eu');
  });

  it('explains every score as weighted contributions that add up to the total', async () => {
    const rubric = await loadRubric(fixture);
    const mistral = decide(rubric).verdicts.find((v) => v.id === 'mistral-small-eu');
    expect(mistral?.contributions).toEqual([
      { criterion: 'quality', weight: 0.3, score: 3, points: 0.9 },
      { criterion: 'latency', weight: 0.15, score: 4, points: 0.6 },
      { criterion: 'cost', weight: 0.2, score: 5, points: 1 },
      { criterion: 'privacy', weight: 0.2, score: 4, points: 0.8 },
      { criterion: 'lock_in', weight: 0.15, score: 4, points: 0.6 },
    ]);
    expect(mistral?.explanation).toContain('3.900');
    for (const criterion of ['quality', 'latency', 'cost', 'privacy', 'lock_in']) {
      expect(mistral?.explanation).toContain(criterion);
    }
  });

  it('disqualifies a candidate that fails a hard constraint, whatever its score, and says which and why', async () => {
    const rubric = await loadRubric(fixture);
    const decision = decide(rubric);
    const us = decision.verdicts.find((v) => v.id === 'openai-gpt-4o-mini-us');
    // It scores as high as the runner-up, but its data would leave the EU.
    expect(us).toMatchObject({ rank: null, total: 3.65 });
    expect(us?.violations).toEqual([
      { constraint: 'eu-data-residency', fact: 'dataResidency', actual: 'us', allowed: ['eu', 'on-prem'] },
    ]);
    expect(us?.explanation).toContain('eu-data-residency');

    const acme = decision.verdicts.find((v) => v.id === 'acme-free-tier');
    expect(acme?.violations.map((v) => v.constraint)).toEqual([
      'eu-data-residency',
      'no-training-on-customer-data',
      'signed-dpa',
    ]);
    // An unstated fact fails: compliance must be shown, not assumed.
    expect(acme?.violations.at(-1)).toMatchObject({ fact: 'dpaAvailable', actual: undefined });
    expect(acme?.explanation).toContain('not stated');
    expect(decision.ranking).not.toContain('acme-free-tier');
  });

  it('follows the weights: when privacy dominates, the on-prem model wins', async () => {
    const rubric = await loadRubric(fixture);
    const privacyFirst = variant(rubric, (r) => {
      const weights: Record<string, number> = { quality: 0.1, latency: 0.1, cost: 0.1, privacy: 0.5, lock_in: 0.2 };
      for (const c of r.criteria) c.weight = weights[c.id] ?? 0;
    });
    const decision = decide(privacyFirst);
    expect(decision.winner).toBe('ollama-llama3-8b-onprem');
    expect(decision.ranking).toEqual([
      'ollama-llama3-8b-onprem',
      'mistral-small-eu',
      'azure-openai-gpt-4o-mini-eu',
      'openai-gpt-4o-mini-eu',
    ]);
    expect(decision.verdicts[0]?.total).toBe(4.3);
  });

  it('is deterministic: ties are broken by id, so the order of the file never changes the result', async () => {
    const rubric = await loadRubric(fixture);
    const tied = variant(rubric, (r) => {
      r.constraints = [];
    });
    const reversed = variant(tied, (r) => r.candidates.reverse());
    const a = decide(tied);
    const b = decide(reversed);
    expect(b.ranking).toEqual(a.ranking);
    // openai-gpt-4o-mini-eu and -us both score 3.65: the id decides.
    expect(a.ranking.indexOf('openai-gpt-4o-mini-eu')).toBeLessThan(a.ranking.indexOf('openai-gpt-4o-mini-us'));
    expect(decide(tied)).toEqual(a);
  });

  it('names no winner when every candidate is disqualified', async () => {
    const rubric = await loadRubric(fixture);
    const strict = variant(rubric, (r) => {
      r.constraints.push({
        id: 'iso-42001',
        description: 'ISO/IEC 42001 certified',
        fact: 'iso42001',
        allowed: [true],
      });
    });
    const decision = decide(strict);
    expect(decision.winner).toBeNull();
    expect(decision.ranking).toEqual([]);
    expect(decision.verdicts.every((v) => v.rank === null && v.violations.length > 0)).toBe(true);
    expect(decision.summary.length).toBeGreaterThan(0);
  });

  it('rejects an invalid rubric with one line that names the field', async () => {
    const rubric = await loadRubric(fixture);
    const raw = structuredClone(rubric) as unknown as {
      criteria: { weight: number }[];
      candidates: { id: string; scores: Record<string, number> }[];
    };
    const invalid = (change: (r: typeof raw) => void) => {
      const copy = structuredClone(raw);
      change(copy);
      return copy;
    };
    expect(() =>
      parseRubric(
        invalid((r) => {
          if (r.criteria[0]) r.criteria[0].weight = 0.2;
        }),
      ),
    ).toThrow(/criteria: weights must sum to 1, got 0\.9\b/);
    expect(() =>
      parseRubric(
        invalid((r) => {
          delete r.candidates[1]?.scores.latency;
        }),
      ),
    ).toThrow(/candidates\[1\]\.scores\.latency: .*missing/);
    expect(() =>
      parseRubric(
        invalid((r) => {
          if (r.candidates[2]) r.candidates[2].scores.speed = 3;
        }),
      ),
    ).toThrow(/candidates\[2\]\.scores\.speed: .*unknown criterion/);
    expect(() =>
      parseRubric(
        invalid((r) => {
          if (r.candidates[3] && r.candidates[0]) r.candidates[3].id = r.candidates[0].id;
        }),
      ),
    ).toThrow(/candidates\[3\]\.id: duplicate/);
    expect(() =>
      parseRubric(
        invalid((r) => {
          if (r.candidates[0]) r.candidates[0].scores.quality = 6;
        }),
      ),
    ).toThrow(/candidates\[0\]\.scores\.quality/);

    // From a file, the message starts with the file's path.
    const dir = await mkdtemp(path.join(tmpdir(), 'rubric-'));
    const file = path.join(dir, 'bad-rubric.yaml');
    await writeFile(
      file,
      'title: x\ncriteria:\n  - { id: quality, weight: 0.7, description: q }\ncandidates:\n  - { id: a, name: A, scores: { quality: 3 } }\n',
    );
    await expect(loadRubric(file)).rejects.toThrow(`${file}: criteria: weights must sum to 1, got 0.7`);
  });
});
