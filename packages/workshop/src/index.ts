export { loadManifest, type Manifest, manifestSchema } from './labs/manifest.ts';
export { findRepoRoot, type Lab, loadLabs, selectLabs } from './labs/repo.ts';
export type { CheckpointResult, LabResult, Target, VerifyReport } from './results/schema.ts';
export { verifyLabs } from './runner/verify.ts';
export { defineLabConfig, targetFromEnv } from './runner/vitest-config.ts';
