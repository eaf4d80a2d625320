/**
 * ffmpeg and ffprobe as child processes: found on PATH or in the usual install folders, run with
 * an argument array (never a shell), a timeout and bounded output. A missing binary is one line
 * that names it and the install command for each OS. Given code: the same in the starter.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The two binaries the video pipeline runs. */
export type MediaTool = 'ffmpeg' | 'ffprobe';

/** The install command for each OS: Debian's package, Homebrew, winget. */
export const INSTALL_FFMPEG =
  'install ffmpeg (ffprobe comes with it): Debian/Ubuntu `sudo apt-get install -y ffmpeg`, macOS `brew install ffmpeg`, Windows `winget install Gyan.FFmpeg`';

/** Folders searched after PATH: package managers install here even when a shell's PATH misses them. */
const USUAL_FOLDERS = ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];

/** The binary is not installed (or not where `FFMPEG_PATH` / `FFPROBE_PATH` says). */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
  readonly tool: MediaTool;
  constructor(tool: MediaTool, env: NodeJS.ProcessEnv = process.env) {
    const variable = `${tool.toUpperCase()}_PATH`;
    const where = env[variable]
      ? `${variable}=${env[variable]} does not exist`
      : `not on PATH nor in ${USUAL_FOLDERS.join(', ')}`;
    super(`${tool} not found (${where}): ${INSTALL_FFMPEG}`);
    this.tool = tool;
  }
}

/** The binary ran and failed: the message is its last line of stderr (ffmpeg's reason). */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  readonly tool: MediaTool;
  constructor(tool: MediaTool, problem: string, options?: { cause?: unknown }) {
    super(`${tool}: ${problem}`, options);
    this.tool = tool;
  }
}

/**
 * Where a binary is: `FFMPEG_PATH` / `FFPROBE_PATH` when set, else the first match on PATH, else
 * in the usual folders; undefined when none has it.
 */
export function findTool(tool: MediaTool, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[`${tool.toUpperCase()}_PATH`];
  if (override) return existsSync(override) ? override : undefined;
  const names = process.platform === 'win32' ? [`${tool}.exe`, tool] : [tool];
  const folders = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...USUAL_FOLDERS];
  for (const folder of folders) {
    for (const name of names) {
      const candidate = path.join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Options of `runTool`. */
export interface RunOptions {
  /** Kill the process after this many ms. Default 60 000. */
  timeoutMs?: number;
  /** Most bytes of stdout kept; more is an error, not a silent truncation. Default 256 MB. */
  maxOutputBytes?: number;
}

/** Runs a binary with `args` and returns its stdout. */
export function runTool(tool: MediaTool, args: readonly string[], options: RunOptions = {}): Promise<Buffer> {
  const binary = findTool(tool);
  if (!binary) return Promise.reject(new MissingToolError(tool));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxOutputBytes = options.maxOutputBytes ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      [...args],
      {
        encoding: 'buffer',
        timeout: timeoutMs,
        maxBuffer: maxOutputBytes,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new MissingToolError(tool));
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new ToolError(tool, `more than ${maxOutputBytes} bytes of output`, { cause: error }));
        }
        const lines = stderr.toString('utf8').trim().split('\n');
        const reason = error.killed
          ? `killed after ${timeoutMs} ms`
          : (lines.at(-1)?.trim() ?? '') || error.message.split('\n', 1)[0];
        reject(new ToolError(tool, reason ?? 'failed', { cause: error }));
      },
    );
  });
}
