import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The first compiler error of a lab, or undefined when it compiles. */
export interface CompileError {
  /** `path/to/file.ts(line,col): error TSxxxx: message`, path relative to the repo root. */
  message: string;
}

// TypeScript 7 exports no `bin/tsc` subpath; locate the package and run its launcher.
export const tsc = () => path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

function runTsc(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc(), ...args, '--pretty', 'false'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
    );
  });
}

const ERROR_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

/**
 * Type-checks several folders, each with its own tsconfig.json, in ONE compiler process
 * (`tsc -b` over a generated solution file: TypeScript's native compiler checks the projects in
 * parallel). Returns the first error per lab id (`labs/<id>` and `solutions/<id>` both map to
 * `<id>`), paths relative to the repo root.
 */
export async function typecheckFolders(root: string, dirs: string[]): Promise<Map<string, CompileError>> {
  if (dirs.length === 0) return new Map();
  const solutionFile = path.join(root, '.workshop', 'tsc', `check-${process.pid}-${Date.now()}.json`);
  await mkdir(path.dirname(solutionFile), { recursive: true });
  await writeFile(solutionFile, JSON.stringify({ files: [], references: dirs.map((dir) => ({ path: dir })) }));
  const output = await runTsc(root, ['-b', solutionFile]);
  await rm(solutionFile, { force: true });
  return compileErrorsIn(root, output, dirs);
}

/**
 * Reads compiler output (`--pretty false`, paths relative to `root`): the first error per lab id.
 * Output that says "error" but names no lab file (a broken tsconfig, a crashed compiler) becomes
 * the error of every folder in `dirs`, so it is never taken for a pass.
 */
export function compileErrorsIn(root: string, output: string, dirs: string[]): Map<string, CompileError> {
  const errors = new Map<string, CompileError>();
  for (const line of output.split('\n')) {
    const match = ERROR_LINE.exec(line.trim());
    if (!match) continue;
    const [, file = '', row, column, rest] = match;
    const relative = path.relative(root, path.resolve(root, file));
    const [group, id] = relative.split(path.sep);
    if ((group !== 'labs' && group !== 'solutions') || !id) continue;
    if (!errors.has(id)) errors.set(id, { message: `${relative}(${row},${column}): error ${rest}` });
  }
  const unparsed =
    errors.size === 0
      ? output
          .split('\n')
          .find((line) => /\berror\b/i.test(line))
          ?.trim()
      : undefined;
  if (unparsed) for (const dir of dirs) errors.set(path.basename(dir), { message: `tsc failed: ${unparsed}` });
  return errors;
}

/** Type-checks one folder with its own tsconfig.json; the first error, or undefined. */
export async function typecheck(root: string, dir: string): Promise<CompileError | undefined> {
  return (await typecheckFolders(root, [dir])).get(path.basename(dir));
}
