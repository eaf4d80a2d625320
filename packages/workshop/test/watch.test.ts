import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabResult } from '../src/results/schema.ts';
import { copyFixture } from './helpers.ts';

interface Event {
  type: 'start' | 'result' | 'ready' | 'closed';
  part?: 'tests' | 'types';
  result?: LabResult;
}

/** A watch session on the fixture's lab in its own process, with the events it printed. */
function watch(root: string) {
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, 'watch-driver.ts')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const events: Event[] = [];
  const waiters: (() => void)[] = [];
  let exited: string | undefined;
  child.on('exit', (code) => {
    exited = `the watch session exited with code ${code}`;
    for (const wake of waiters.splice(0)) wake();
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    events.push(JSON.parse(line) as Event);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the first event after `from` that matches. */
  const next = (from: number, match: (e: Event) => boolean): Promise<Event> =>
    new Promise((resolve, reject) => {
      const look = () => {
        const found = events.slice(from).find(match);
        if (found) resolve(found);
        else if (exited) reject(new Error(exited));
        else waiters.push(look);
      };
      look();
    });
  running.push(child);
  return { events, next, close: () => child.stdin?.end() };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

const solution = (root: string) => readFile(path.join(root, 'solutions', '01-demo', 'src', 'math.ts'), 'utf8');

describe('watch mode: a save re-checks the lab with its tests and its types', () => {
  it('reports the starter, then the solved lab after a save, then closes cleanly', async () => {
    const root = await copyFixture();
    const session = watch(root);
    const first = await session.next(0, (e) => e.type === 'result');
    expect(first.result?.status).toBe('fail');
    expect(first.result?.checkpoints.map((c) => c.status)).toEqual(['fail', 'fail']);

    const mark = session.events.length;
    await writeFile(path.join(root, 'labs', '01-demo', 'src', 'math.ts'), await solution(root));
    const solved = await session.next(mark, (e) => e.type === 'result');
    expect(solved.result?.status).toBe('pass');
    expect(
      session.events
        .slice(mark)
        .filter((e) => e.type === 'start')
        .map((e) => e.part)
        .sort(),
    ).toEqual(['tests', 'types']);

    session.close();
    await session.next(mark, (e) => e.type === 'closed');
  }, 60_000);

  it('shows a type error in a participant file as the lab’s error, with file, line and the compiler’s message', async () => {
    const root = await copyFixture();
    const session = watch(root);
    await session.next(0, (e) => e.type === 'result');

    const mark = session.events.length;
    // The tests still pass: only the type-check can catch this.
    const content = `${await solution(root)}\n  export const answer: number = 'forty-two';\n`;
    await writeFile(path.join(root, 'labs', '01-demo', 'src', 'math.ts'), content);
    const line = content.split('\n').findIndex((l) => l.includes('answer')) + 1;
    const broken = await session.next(mark, (e) => e.type === 'result');
    expect(broken.result?.status).toBe('error');
    // Where tsc puts it: the declared name, line and column counted from 1.
    expect(broken.result?.message).toContain(
      `labs/01-demo/src/math.ts(${line},16): error TS2322: Type 'string' is not assignable to type 'number'`,
    );
    session.close();
  }, 60_000);
});
