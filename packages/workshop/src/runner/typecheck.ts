import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The first compiler error of a folder, or undefined when it compiles. */
export interface CompileError {
  /** `path/to/file.ts(line,col): error TSxxxx: message`, path relative to the repo root. */
  message: string;
}

/**
 * Type-checks one folder with its own tsconfig.json (TypeScript's native compiler: fast enough
 * to run on every save). Returns the first error, relative to the repo root, or undefined.
 */
export function typecheck(root: string, dir: string): Promise<CompileError | undefined> {
  // TypeScript 7 exports no `bin/tsc` subpath; locate the package and run its launcher.
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, '-p', dir, '--pretty', 'false'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(undefined);
        const first = `${stdout}\n${stderr}`.split('\n').find((line) => line.includes('error TS'));
        if (!first)
          return resolve({ message: `tsc failed in ${path.relative(root, dir)}: ${stderr.trim() || stdout.trim()}` });
        // tsc prints paths relative to the folder it checked; show them relative to the repo root.
        const match = /^(.*?)(\(\d+,\d+\): .*)$/.exec(first.trim());
        const message =
          match?.[1] && match[2] ? `${path.relative(root, path.resolve(dir, match[1]))}${match[2]}` : first.trim();
        resolve({ message });
      },
    );
  });
}
