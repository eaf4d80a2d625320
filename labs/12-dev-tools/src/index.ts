/**
 * An eval harness others import: JSONL datasets with a zod schema and a hash of their identity,
 * a concurrency-limited runner with repeated trials, scorers (exact, contains, regex, JSON
 * Schema, numeric tolerance, embedding similarity, LLM-as-judge), an aggregate with confidence
 * intervals and pass@k, JSON and HTML reports, a CI gate (thresholds, and a paired comparison
 * with a baseline on the same dataset), and a helpfulness judge calibrated against people.
 */
export { proportion, type SummarizeOptions, summarize } from './aggregate.ts';
export { caseSchema, loadDataset, parseDataset } from './dataset.ts';
export { datasetHash } from './dataset-hash.ts';
export { DatasetError, EvalConfigError } from './errors.ts';
export { evaluateGate, formatGate, type GatePolicy, type GateResult, pairCases } from './gate.ts';
export {
  type Agreement,
  FIRST_RUBRIC,
  type JudgedAnswer,
  type JudgeResult,
  type JudgeSetup,
  judgeAnswers,
  judgedCase,
  type LabelPair,
  offlineSimulatedJudge,
} from './helpfulness.ts';
export { agreement, HELPFULNESS_JUDGE } from './judge-setup.ts';
export { compareWithBaseline } from './regression.ts';
export { renderHtml } from './report/html.ts';
export {
  type EvalReport,
  type MeanEstimate,
  type Proportion,
  parseReport,
  REPORT_VERSION,
  type ScorerSummary,
  toJson,
} from './report/json.ts';
export { type BarChartOptions, type BarRow, barChart, escapeHtml } from './report/svg.ts';
export { type RunOptions, runEval } from './run.ts';
export { cosineSimilarity, type EmbeddingSimilarityOptions, embeddingSimilarity } from './scorers/embedding.ts';
export { type JsonSchemaOptions, jsonSchemaValid } from './scorers/json-schema.ts';
export { type JudgeScorerOptions, llmJudge } from './scorers/judge.ts';
export { extractNumber, type NumericOptions, numericTolerance } from './scorers/numeric.ts';
export {
  type ContainsOptions,
  contains,
  exactMatch,
  matchesRegex,
  type RegexOptions,
  type TextScorerOptions,
} from './scorers/text.ts';
export {
  type BootstrapOptions,
  bootstrapMeanInterval,
  type Interval,
  mean,
  passAtK,
  quantileSorted,
  seededRandom,
  wilsonInterval,
  Z_95,
} from './stats.ts';
export { type PromptTargetOptions, promptTarget } from './targets.ts';
export type * from './types.ts';
