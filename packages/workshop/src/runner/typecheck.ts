import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The first compiler error of a lab, or undefined when it compiles. */
export interface CompileError {
  /** `path/to/file.ts(line,col): error TSxxxx: message`, path relative to the repo root. */
  message: string;
}

// TypeScript 7 exports no `bin/tsc` subpath; locate the package and run its launcher.
const tsc = () => path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

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
  const errors = new Map<string, CompileError>();
  if (dirs.length === 0) return errors;
  const solutionFile = path.join(root, '.workshop', 'tsc', `check-${process.pid}-${Date.now()}.json`);
  await mkdir(path.dirname(solutionFile), { recursive: true });
  await writeFile(solutionFile, JSON.stringify({ files: [], references: dirs.map((dir) => ({ path: dir })) }));
  const output = await runTsc(root, ['-b', solutionFile]);
  await import('node:fs/promises').then((fs) => fs.rm(solutionFile, { force: true }));
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
    output.trim() && errors.size === 0 && /error/i.test(output) ? output.trim().split('\n')[0] : undefined;
  if (unparsed) for (const dir of dirs) errors.set(path.basename(dir), { message: `tsc failed: ${unparsed}` });
  return errors;
}

/** Type-checks one folder with its own tsconfig.json; the first error, or undefined. */
export async function typecheck(root: string, dir: string): Promise<CompileError | undefined> {
  return (await typecheckFolders(root, [dir])).get(path.basename(dir));
}
