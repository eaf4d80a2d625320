/**
 * Production prompts: a versioned prompt repository with labels, a judge that grades outputs
 * it cannot be instructed by, regression checks of a candidate version against the production
 * baseline over repeated runs, and percentage rollouts with a guard that rolls a canary back
 * or forward. Later labs (the eval harness, the capstone) import this module.
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
export { contentHash, type PromptDefinition, parsePromptFile } from './prompt-file.ts';
export {
  type AssertionContext,
  type AssertionResult,
  assertionName,
  checkAssertion,
} from './regression/assertions.ts';
export {
  type AssertionChange,
  assertNoRegressions,
  type CaseChange,
  checkCandidate,
  compareRuns,
  formatReport,
  type RegressionReport,
} from './regression/compare.ts';
export { MAX_REPEATS, type PassCount, REPEATS, regressed } from './regression/flaky.ts';
export {
  type Assertion,
  type GoldenCase,
  type GoldenFile,
  loadGoldenFile,
  parseGoldenFile,
} from './regression/golden.ts';
export { createJudge, type Judge, type JudgeInput, type JudgeVerdict } from './regression/judge.ts';
export { GRADING_INSTRUCTIONS, judgeMessages } from './regression/judge-prompt.ts';
export {
  type AssertionTally,
  type CaseResult,
  type RunOptions,
  runCases,
  type SuiteRun,
} from './regression/run.ts';
export { type RenderedPrompt, renderPrompt } from './render.ts';
export {
  type LabelMoveOptions,
  PROMPT_FILE_SUFFIX,
  PromptRepository,
  type PromptRepositoryOptions,
} from './repository.ts';
export { type Arm, armFor, BUCKETS, bucketOf } from './rollout/bucket.ts';
export {
  type ArmStats,
  type GuardAction,
  type GuardDecision,
  type GuardPolicy,
  guardDecision,
} from './rollout/guard.ts';
export {
  type Assignment,
  type DecisionEvent,
  type Outcome,
  Rollout,
  type RolloutEvent,
  type RolloutOptions,
} from './rollout/rollout.ts';
export type { MessageTemplate, TemplateRole } from './template.ts';
export { type VariableDecl, type VariablesSchema, type VariableValue, variablesSchema } from './variables.ts';
