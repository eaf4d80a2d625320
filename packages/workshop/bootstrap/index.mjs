#!/usr/bin/env node
/**
 * Where the README's two commands start (`npm run workshop`, `npm test`): on whatever Node the
 * machine has, with npm and nothing else. Plain JavaScript without dependencies, because it runs
 * before the workshop's own Node and packages exist.
 *
 * 1. Node: the workshop runs `.ts` natively (Node ≥ engines.node). An older Node gets a build from
 *    the npm registry (the per-platform packages of the `node` package: macOS Intel and Apple
 *    silicon, Windows, Linux), installed once into `.workshop/tools`. Nothing global changes, no
 *    admin rights, and the download goes through the same registry (and proxy) as every dependency.
 * 2. pnpm: the version pinned in package.json's `packageManager`, from PATH or installed there too.
 * 3. Dependencies: `pnpm install --frozen-lockfile` when node_modules is missing or was installed from another lockfile.
 *
 * Then it hands over: `node <file.ts> [args…]` runs a file on that Node, `run <script> [args…]` runs
 * `pnpm run <script>`.
 * A Node too old to go on gets one line naming the version found and the fix, never a stack trace.
 * `WORKSHOP_TOOLS_DIR` moves the tools (CI shares them between clones); `WORKSHOP_NO_DOWNLOAD=1` forbids downloads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atLeast, NODE_FIX, nodePackageName, nodeRange, nodeTooOld, pinnedPnpm, requiredNode } from './runtime.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const isWindows = process.platform === 'win32';

class SetupError extends Error {}

function say(line) {
  process.stderr.write(`workshop: ${line}\n`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The machine's tools folder: per clone by default, so an empty HOME is fine and uninstalling is deleting it. */
function toolsDir() {
  return path.resolve(process.env.WORKSHOP_TOOLS_DIR || path.join(root, '.workshop', 'tools'));
}

/** npm as `node npm-cli.js` when it can be found (no shell, so version ranges need no quoting). */
function npmCommand() {
  const nodeDir = path.dirname(process.execPath);
  const candidates = [
    process.env.npm_execpath,
    path.join(nodeDir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const cli = candidates.find((file) => file && /npm-cli\.js$/.test(file) && existsSync(file));
  return cli
    ? { command: process.execPath, prefix: [cli], shell: false }
    : { command: 'npm', prefix: [], shell: isWindows };
}

/** `npm install` of one package into its own prefix (npm prunes whatever else a prefix holds). */
function npmInstall(prefix, spec, { scripts }) {
  mkdirSync(prefix, { recursive: true });
  const npm = npmCommand();
  const quoted = npm.shell ? `"${spec}"` : spec;
  const args = [
    ...npm.prefix,
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `--ignore-scripts=${scripts ? 'false' : 'true'}`,
    quoted,
  ];
  const result = spawnSync(npm.command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    shell: npm.shell,
    encoding: 'utf8',
  });
  if (result.error) return `npm could not start: ${result.error.message}`;
  if (result.status !== 0) {
    // npm's first lines are codes (`code ECONNREFUSED`, `syscall connect`); the reason comes after.
    const lines = (result.stderr || '')
      .split('\n')
      .filter((line) => /^npm (ERR!|error) /.test(line))
      .map((line) => line.replace(/^npm (ERR!|error)\s*/, '').trim());
    const reason = lines.find((line) => line && !/^(code|syscall|errno|A complete log)\b/.test(line));
    return reason || lines[0] || `npm exited with code ${result.status}`;
  }
  return undefined;
}

/** `x.y.z` printed by an executable, or undefined when it does not run. */
function versionOf(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], ...options });
  const version = result.status === 0 ? /\d+\.\d+\.\d+/.exec(result.stdout || '') : null;
  return version ? version[0] : undefined;
}

/** A Node that can run the workshop: this one, or one from the tools folder (installed when missing). */
function ensureNode(minimum, recommendedMajor) {
  const found = process.versions.node;
  if (atLeast(found, minimum)) return { exe: process.execPath, version: found, switched: false };
  const name = nodePackageName(process.platform, process.arch);
  const prefix = path.join(toolsDir(), 'node');
  const exe = path.join(prefix, 'node_modules', name, 'bin', isWindows ? 'node.exe' : 'node');
  const problem = nodeTooOld(found, minimum);
  let version = existsSync(exe) ? versionOf(exe, ['-p', 'process.versions.node']) : undefined;
  if (!version || !atLeast(version, minimum)) {
    if (process.env.WORKSHOP_NO_DOWNLOAD === '1') {
      throw new SetupError(`${problem} (downloads are off: WORKSHOP_NO_DOWNLOAD=1). Fix: ${NODE_FIX}.`);
    }
    say(
      `${problem}: bringing Node ${recommendedMajor} from the npm registry into ${shown(prefix)} (once, a 35–55 MB download)…`,
    );
    const failed = npmInstall(prefix, `${name}@${nodeRange(minimum, recommendedMajor)}`, { scripts: false });
    version = existsSync(exe) ? versionOf(exe, ['-p', 'process.versions.node']) : undefined;
    if (failed || !version || !atLeast(version, minimum)) {
      const why = failed || `${name} gave no working Node`;
      throw new SetupError(
        `${problem}, and no newer Node could be brought from the npm registry (${why}). Fix: ${NODE_FIX}.`,
      );
    }
  }
  return { exe, version, switched: true, found };
}

/** How to run the pnpm installed in `prefix`: the native binary on Windows, the .bin link elsewhere. */
function toolsPnpm(prefix) {
  const dir = path.join(prefix, 'node_modules', '.bin');
  const native = path.join(prefix, 'node_modules', 'pnpm', 'pnpm.exe');
  if (isWindows && existsSync(native)) return { command: native, dir, shell: false };
  return { command: path.join(dir, isWindows ? 'pnpm.cmd' : 'pnpm'), dir, shell: isWindows };
}

/** The pinned pnpm: the one on PATH when it is that version, else one from the tools folder. */
function ensurePnpm(version, env) {
  if (versionOf('pnpm', ['--version'], { env, shell: isWindows }) === version) {
    return { command: 'pnpm', dir: undefined, shell: isWindows };
  }
  const prefix = path.join(toolsDir(), `pnpm-${version}`);
  const installed = toolsPnpm(prefix);
  if (versionOf(installed.command, ['--version'], { env, shell: installed.shell }) === version) return installed;
  if (process.env.WORKSHOP_NO_DOWNLOAD === '1') {
    throw new SetupError(
      `pnpm ${version} is not installed (downloads are off: WORKSHOP_NO_DOWNLOAD=1). Fix: npm install -g pnpm@${version}.`,
    );
  }
  say(`bringing pnpm ${version} (pinned in package.json) from the npm registry into ${shown(prefix)}…`);
  const failed = npmInstall(prefix, `pnpm@${version}`, { scripts: true });
  const pnpm = toolsPnpm(prefix);
  if (failed || versionOf(pnpm.command, ['--version'], { env, shell: pnpm.shell }) !== version) {
    throw new SetupError(
      `pnpm ${version} could not be installed (${failed || 'it does not run'}). Fix: npm install -g pnpm@${version}, then run the command again.`,
    );
  }
  return pnpm;
}

/** Dependencies are current when pnpm's copy of the lockfile from its last install matches the lockfile. */
function dependenciesCurrent() {
  const installed = path.join(root, 'node_modules', '.pnpm', 'lock.yaml');
  if (!existsSync(installed)) return false;
  return readFileSync(installed, 'utf8') === readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8');
}

function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** The environment children get: the chosen Node and pnpm first on PATH, and how the user called us. */
function childEnv(node, pnpmDir) {
  const env = { ...process.env };
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  const dirs = [node.switched ? path.dirname(node.exe) : undefined, pnpmDir].filter(Boolean);
  env[key] = [...dirs, env[key]].filter(Boolean).join(path.delimiter);
  if (node.switched) {
    env.WORKSHOP_SYSTEM_NODE = node.found;
    if (env.npm_node_execpath) env.npm_node_execpath = node.exe;
    if (env.NODE) env.NODE = node.exe;
  }
  // Messages then name the command the participant actually has (`npm run workshop --` or `pnpm workshop`).
  if (!env.WORKSHOP_INVOCATION && /^npm\//.test(env.npm_config_user_agent || '')) {
    env.WORKSHOP_INVOCATION = 'npm run workshop --';
  }
  env.TURBO_TELEMETRY_DISABLED = env.TURBO_TELEMETRY_DISABLED || '1';
  // pnpm's notice of a newer release suggests `curl … | sh`: wrong advice where pnpm is pinned.
  env.npm_config_update_notifier = 'false';
  env.pnpm_config_update_notifier = 'false';
  return env;
}

/** Runs a child to completion with the terminal handed over; resolves with its exit code. */
function handOver(command, args, env, shell = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env, shell });
    // Ctrl-C reaches the child through the terminal; the parent only waits for it to finish.
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', () => {});
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}

async function main(argv) {
  const [mode, target, ...args] = argv;
  if (!target || (mode !== 'run' && mode !== 'node')) {
    throw new SetupError(
      'usage: node packages/workshop/bootstrap/index.mjs node <file.ts> [args…] | run <script> [args…]',
    );
  }
  const pkg = readJson(path.join(root, 'package.json'));
  const minimum = requiredNode(pkg);
  const recommended = readFileSync(path.join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0];
  const node = ensureNode(minimum, recommended);
  const needsPnpm = mode === 'run' || !dependenciesCurrent();
  let env = childEnv(node, undefined);
  let pnpm;
  if (needsPnpm) {
    pnpm = ensurePnpm(pinnedPnpm(pkg), env);
    env = childEnv(node, pnpm.dir);
  } else {
    const toolsPnpm = path.join(toolsDir(), `pnpm-${pinnedPnpm(pkg)}`, 'node_modules', '.bin');
    if (existsSync(toolsPnpm)) env = childEnv(node, toolsPnpm);
  }
  if (!dependenciesCurrent()) {
    say('installing the dependencies (pnpm install --frozen-lockfile)…');
    const code = await handOver(pnpm.command, ['install', '--frozen-lockfile'], env, pnpm.shell);
    if (code !== 0) throw new SetupError(`pnpm install failed (exit code ${code}); its output above says why.`);
  }

  if (mode === 'run') return handOver(pnpm.command, ['run', target, ...args], env, pnpm.shell);
  const file = path.resolve(root, target);
  if (node.switched) return handOver(node.exe, [file, ...args], env);
  // This Node runs the file itself: no second process, so keys and Ctrl-C behave as usual.
  Object.assign(process.env, env);
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    say(error instanceof SetupError ? error.message : `setup failed: ${error?.message ?? error}`);
    process.exitCode = 2;
  },
);
