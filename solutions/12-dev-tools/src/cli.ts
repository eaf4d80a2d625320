/**
 * The harness's command line, for CI:
 *
 *   node src/cli.ts run  --suite eval.suite.ts --dataset cases.jsonl [--trials 3] [--concurrency 4]
 *                        [--out report.json] [--html report.html]
 *                        [--baseline baseline.json] [--min-pass-rate 0.8]
 *   node src/cli.ts gate --report report.json [--baseline baseline.json] [--min-pass-rate 0.8]
 *
 * A baseline is compared case by case (`compareWithBaseline`), and only on the dataset it was
 * built on: another dataset hash is bad input (exit 2).
 *
 * Exit codes: 0 the gate passed, 1 the gate failed (one line on stderr says why), 2 bad usage
 * or input (one line naming the file or flag).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { summarize } from './aggregate.ts';
import { loadDataset } from './dataset.ts';
import { EvalConfigError } from './errors.ts';
import { evaluateGate, formatGate, type GatePolicy } from './gate.ts';
import { renderHtml } from './report/html.ts';
import { type EvalReport, parseReport, toJson } from './report/json.ts';
import { runEval } from './run.ts';
import type { EvalSuite } from './types.ts';

/** Where the CLI writes; injected so tests can read what it printed. */
export interface CliIO {
  /** Normal output (the summary line). */
  stdout: (line: string) => void;
  /** The one-line reason for a non-zero exit. */
  stderr: (line: string) => void;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

const USAGE =
  'usage: cli.ts run --suite <file> --dataset <file.jsonl> [options] | cli.ts gate --report <file> [options]';

const defaultIO: CliIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
};

/** Runs the CLI and returns the exit code (it never calls `process.exit`). */
export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === 'run') return await runCommand(rest, io);
    if (command === 'gate') return await gateCommand(rest, io);
    throw new EvalConfigError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

const GATE_FLAGS = {
  baseline: { type: 'string' },
  'min-pass-rate': { type: 'string' },
} as const;

async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    suite: { type: 'string' },
    dataset: { type: 'string' },
    trials: { type: 'string' },
    concurrency: { type: 'string' },
    out: { type: 'string' },
    html: { type: 'string' },
    ...GATE_FLAGS,
  });
  const suitePath = required(values.suite, '--suite');
  const datasetPath = required(values.dataset, '--dataset');
  // Flags and the baseline are checked before the run: a typo must not cost a full eval's tokens.
  const policy = await gatePolicy(values, io);
  const suite = await loadSuite(path.resolve(io.cwd, suitePath), suitePath);
  const cases = await loadDataset(path.resolve(io.cwd, datasetPath), suite.schema);
  const run = await runEval({
    name: suite.name,
    cases,
    target: suite.target,
    scorers: suite.scorers,
    trials: integer(values.trials, '--trials', 1),
    concurrency: integer(values.concurrency, '--concurrency', 4),
  });
  const report = summarize(run);
  if (values.out) await writeFile(path.resolve(io.cwd, values.out), toJson(report));
  if (values.html) await writeFile(path.resolve(io.cwd, values.html), renderHtml(report));
  return gate(report, policy, io);
}

async function gateCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { report: { type: 'string' }, ...GATE_FLAGS });
  const reportPath = required(values.report, '--report');
  const policy = await gatePolicy(values, io);
  const report = await readReport(path.resolve(io.cwd, reportPath), reportPath);
  return gate(report, policy, io);
}

function gate(report: EvalReport, policy: GatePolicy, io: CliIO): number {
  const p = report.passRate;
  io.stdout(
    `${report.name}: pass rate ${(p.value * 100).toFixed(1)}% (${p.successes}/${p.total}, 95% CI ` +
      `${(p.low * 100).toFixed(1)}–${(p.high * 100).toFixed(1)}%)`,
  );
  const result = evaluateGate(report, policy);
  if (result.ok) {
    io.stdout(formatGate(result));
    return 0;
  }
  io.stderr(formatGate(result));
  return 1;
}

async function gatePolicy(
  values: { baseline?: string | undefined; 'min-pass-rate'?: string | undefined },
  io: CliIO,
): Promise<GatePolicy> {
  const policy: GatePolicy = {};
  const minPassRate = fraction(values['min-pass-rate'], '--min-pass-rate');
  if (minPassRate !== undefined) policy.minPassRate = minPassRate;
  if (values.baseline) policy.baseline = await readReport(path.resolve(io.cwd, values.baseline), values.baseline);
  return policy;
}

function parse(
  args: readonly string[],
  options: ParseArgsOptionsConfig,
): { values: Record<string, string | undefined> } {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return { values: values as Record<string, string | undefined> };
  } catch (error) {
    throw new EvalConfigError(`${(error as Error).message}; ${USAGE}`);
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new EvalConfigError(`${flag} is required; ${USAGE}`);
  return value;
}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new EvalConfigError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function fraction(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new EvalConfigError(`${flag} must be a number between 0 and 1, got "${value}"`);
  }
  return n;
}

async function readReport(file: string, shown: string): Promise<EvalReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EvalConfigError(`${shown}: cannot read the report file`);
  }
  return parseReport(text, shown);
}

async function loadSuite(file: string, shown: string): Promise<EvalSuite> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new EvalConfigError(`${shown}: cannot load the suite module (${(error as Error).message})`);
  }
  const suite = module.default as Partial<EvalSuite> | undefined;
  if (!suite || typeof suite.target !== 'function' || !Array.isArray(suite.scorers) || !suite.schema) {
    throw new EvalConfigError(`${shown}: the default export must be an EvalSuite { name, schema, target, scorers }`);
  }
  return suite as EvalSuite;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
