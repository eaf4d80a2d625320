/**
 * The workshop's labs as their manifests declare them (id, title, checkpoint count), for the
 * dashboard's demo room (`scripts/screenshot.ts`) and its load bench. Keep in step with labs/*\/lab.yaml.
 */
export const SAMPLE_LABS = [
  ['01-foundations', 'AI vs deterministic', 3],
  ['02-model-strategy', 'Model strategy under uncertainty', 3],
  ['03-providers', 'Providers and vendor risk — a fallback chain under one deadline, pinned snapshots', 3],
  ['04-platform-patterns', 'Platform patterns — caching and budgets that hold', 3],
  [
    '05-prompt-engineering',
    'Production prompts — a judge you cannot instruct, a check that survives noise, a canary guard',
    3,
  ],
  ['06-safety', "AI safety — the guard's operating point, the escalation policy, the transcript log", 3],
  ['07-self-hosting', 'Self-hosting open models', 3],
  [
    '08-embeddings-vector-db',
    "Embeddings and vector databases — the migration's cut-over, the representation, the HNSW operating point",
    3,
  ],
] as const;
