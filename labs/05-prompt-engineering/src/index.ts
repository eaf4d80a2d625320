/**
 * Production prompts: a versioned prompt repository with labels, regression checks of a
 * candidate version against the production baseline, and percentage rollouts with an
 * automatic rollback guard. Later labs (the eval harness) import this module.
 */
export {
  PromptFileError,
  PromptRepositoryError,
  PromptVariableError,
  RegressionError,
} from './errors.ts';
export { FrontMatterSchema, ParametersSchema, type PromptParameters } from './front-matter.ts';
export {
  FileLabelStore,
  LABEL_NAME,
  type LabelMove,
  type LabelPointer,
  type LabelStore,
  MemoryLabelStore,
} from './labels.ts';
export { canonicalJson, contentHash, type PromptDefinition, parsePromptFile } from './prompt-file.ts';
export {
  type AssertionContext,
  type AssertionResult,
  assertionName,
  checkAssertion,
} from './regression/assertions.ts';
export {
  assertNoRegressions,
  type CaseChange,
  checkCandidate,
  compareRuns,
  formatReport,
  type RegressionReport,
} from './regression/compare.ts';
export {
  type Assertion,
  type GoldenCase,
  type GoldenFile,
  loadGoldenFile,
  parseGoldenFile,
} from './regression/golden.ts';
export { createJudge, type Judge, type JudgeVerdict } from './regression/judge.ts';
export { type CaseResult, type RunOptions, runCases, type SuiteRun } from './regression/run.ts';
export { type RenderedPrompt, renderPrompt } from './render.ts';
export {
  type LabelMoveOptions,
  PROMPT_FILE_SUFFIX,
  PromptRepository,
  type PromptRepositoryOptions,
} from './repository.ts';
export { type Arm, armFor, BUCKETS, bucketOf } from './rollout/bucket.ts';
export { type ArmStats, type GuardPolicy, guardVerdict } from './rollout/guard.ts';
export {
  type Assignment,
  type Outcome,
  type RollbackEvent,
  Rollout,
  type RolloutEvent,
  type RolloutOptions,
} from './rollout/rollout.ts';
export type { MessageTemplate, TemplateRole } from './template.ts';
export { type VariableDecl, type VariablesSchema, type VariableValue, variablesSchema } from './variables.ts';
