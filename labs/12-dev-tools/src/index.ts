/**
 * An eval harness others import: JSONL datasets with a zod schema, a concurrency-limited runner
 * with repeated trials, scorers (exact, contains, regex, JSON Schema, numeric tolerance,
 * embedding similarity, LLM-as-judge), an aggregate with confidence intervals and pass@k,
 * JSON and HTML reports, and a CI gate (thresholds and regressions against a baseline).
 */
export { proportion, type SummarizeOptions, summarize } from './aggregate.ts';
export { caseSchema, loadDataset, parseDataset } from './dataset.ts';
export { DatasetError, EvalConfigError } from './errors.ts';
export { evaluateGate, formatGate, type GatePolicy, type GateResult } from './gate.ts';
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
