import { z } from 'zod';
import { EvalConfigError } from '../errors.ts';
import type { CaseResult } from '../types.ts';

/** Version of the report format; bump it when a field changes meaning. */
export const REPORT_VERSION = 2;

/** A proportion with its Wilson interval. */
export interface Proportion {
  /** successes / total. */
  value: number;
  /** Lower bound of the 95% interval. */
  low: number;
  /** Upper bound of the 95% interval. */
  high: number;
  /** Passing trials (or cases). */
  successes: number;
  /** Trials (or cases). */
  total: number;
}

/** A mean with its bootstrap interval. */
export interface MeanEstimate {
  /** Mean over cases of each case's mean score. */
  value: number;
  /** Lower bound of the 95% percentile-bootstrap interval (resampling cases). */
  low: number;
  /** Upper bound. */
  high: number;
}

/** One scorer's figures. */
export interface ScorerSummary {
  /** Scorer name. */
  name: string;
  /** Share of trials this scorer passed. */
  passRate: Proportion;
  /** Mean score. */
  mean: MeanEstimate;
}

/** The aggregate of a run: what the JSON report holds, the HTML shows and the gate reads. */
export interface EvalReport {
  /** Format version (`REPORT_VERSION`). */
  version: number;
  /** Evaluation name. */
  name: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** Identity of the dataset the run measured (`datasetHash`); the gate compares only equal ones. */
  datasetHash: string;
  /** Number of cases. */
  caseCount: number;
  /** Trials per case. */
  trials: number;
  /** Share of trials in which every scorer passed, with its Wilson interval. */
  passRate: Proportion;
  /** Mean unbiased pass@k over cases, for k = 1..trials (keys are k). */
  passAtK: Record<string, number>;
  /** Share of cases that passed every trial (pass^n: how often the target is reliably right). */
  allTrialsPassRate: Proportion;
  /** Per-scorer figures, in scorer order. */
  scorers: ScorerSummary[];
  /** Trials whose target threw. */
  errorCount: number;
  /** Total cost of the target calls in USD. */
  costUsd: number;
  /** Total tokens of the target calls. */
  totalTokens: number;
  /** Target latency percentiles in ms. */
  latencyMs: { p50: number; p95: number };
  /** The raw per-case results. */
  cases: CaseResult[];
}

const ProportionSchema = z.object({
  value: z.number(),
  low: z.number(),
  high: z.number(),
  successes: z.number(),
  total: z.number(),
});

/**
 * The part of a report that baselines and the gate rely on. Loose (`z.looseObject`) so a report
 * written by a newer harness with extra fields still loads.
 */
const ReportSchema = z.looseObject({
  version: z.literal(REPORT_VERSION),
  name: z.string(),
  datasetHash: z.string().min(1),
  caseCount: z.number(),
  trials: z.number(),
  passRate: ProportionSchema,
  scorers: z.array(z.looseObject({ name: z.string(), passRate: ProportionSchema })),
  cases: z.array(z.looseObject({ id: z.string(), passedTrials: z.number(), trials: z.array(z.unknown()) })),
});

/** The report as pretty JSON, ready to write or to commit as a baseline. */
export function toJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Parses a saved report (a baseline); problems name the source and the field. */
export function parseReport(text: string, source: string): EvalReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EvalConfigError(`${source}: not a JSON report (${(error as Error).message})`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version === 1) {
    throw new EvalConfigError(`${source}: a version 1 report has no dataset hash; rebuild it with this harness`);
  }
  const result = ReportSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EvalConfigError(`${source}: invalid report at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data as unknown as EvalReport;
}
