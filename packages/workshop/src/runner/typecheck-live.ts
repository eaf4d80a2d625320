import { existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { API, type Diagnostic, DiagnosticCategory, type Project, type Snapshot } from 'typescript/unstable/async';
import { type CompileError, typecheck } from './typecheck.ts';

/** What a live type-checker reports about its lab. */
export interface TypecheckListener {
  /** A saved file was seen; a new result follows. */
  onCheckStart?: () => void;
  /** The lab was checked: its first error, or undefined when it compiles. */
  onCheckEnd?: (error: CompileError | undefined) => void | Promise<void>;
}

/**
 * Saves arrive as a truncate and a write a moment apart: wait this long for the file to settle
 * (vitest waits 100 ms for the same reason).
 */
const SETTLE_MS = 30;

/**
 * Type-checks one lab on every save with a long-lived TypeScript 7 compiler (its API server):
 * the program — the lib, node and openai declarations, ~900 files — stays loaded, a save only
 * re-reads the files that changed, and only the lab's own files (its `src/` and `test/`) are
 * checked: the shared packages are checked by their own CI, not on every save of a participant.
 * Measured (`pnpm bench`): ~0.1–0.4 s a save against ~0.5–0.6 s for a cold `tsc -b`, and it
 * never checks a half-written file twice, as `tsc --watch` does on a truncate-then-write save.
 *
 * The API is marked unstable in TypeScript 7.0: any failure of it falls back, for good, to the
 * one-shot `tsc -b` check that `verify` uses, so a participant never loses the type-check.
 */
export class LiveTypecheck {
  private api: API | undefined;
  private snapshot: Snapshot | undefined;
  private project: Project | undefined;
  private readonly watchers: FSWatcher[] = [];
  private changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A save arrived during a check: one more check follows it. */
  private queued = false;
  private closed = false;
  private readonly root: string;
  private readonly dir: string;
  private readonly folders: string[];
  private readonly listener: TypecheckListener;

  /** `dir`: the folder with the tsconfig.json; `folders`: where the lab's own files live. */
  constructor(root: string, dir: string, folders: string[], listener: TypecheckListener) {
    this.root = root;
    this.dir = dir;
    this.folders = folders;
    this.listener = listener;
  }

  private get configFile(): string {
    return path.join(this.dir, 'tsconfig.json');
  }

  /** Loads the program and reports the first check; then re-checks after every save. */
  async start(): Promise<void> {
    for (const folder of this.folders.filter((f) => existsSync(f))) {
      this.watchers.push(
        watch(folder, { recursive: true }, (_event, name) => {
          if (name) this.onSave(path.join(folder, name.toString()));
        }),
      );
    }
    try {
      this.api = new API({ cwd: this.root });
      this.snapshot = await this.api.updateSnapshot({ openProjects: [this.configFile] });
      this.project = this.snapshot.getProject(this.configFile);
    } catch {
      await this.dropApi();
    }
    this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.running;
    await this.dropApi();
  }

  private onSave(file: string): void {
    if (this.closed) return;
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.schedule(), SETTLE_MS);
  }

  /** Runs one check at a time; saves during a check are taken by the next one. */
  private schedule(): void {
    if (this.running) {
      this.queued = true;
      return;
    }
    const files = [...this.changed];
    this.changed.clear();
    this.listener.onCheckStart?.();
    this.running = this.check(files)
      .then((error) => (this.closed ? undefined : this.listener.onCheckEnd?.(error)))
      .finally(() => {
        this.running = undefined;
        if (this.queued && !this.closed) {
          this.queued = false;
          this.schedule();
        }
      });
  }

  private async check(files: string[]): Promise<CompileError | undefined> {
    if (this.api && this.project) {
      try {
        return await this.checkLive(files);
      } catch {
        await this.dropApi();
      }
    }
    return typecheck(this.root, this.dir);
  }

  private async checkLive(files: string[]): Promise<CompileError | undefined> {
    const api = this.api as API;
    if (files.length > 0) {
      const known = new Set(await (this.project as Project).program.getSourceFileNames());
      const previous = this.snapshot;
      this.snapshot = await api.updateSnapshot({
        fileChanges: {
          changed: files.filter((f) => existsSync(f) && known.has(f)),
          created: files.filter((f) => existsSync(f) && !known.has(f)),
          deleted: files.filter((f) => !existsSync(f)),
        },
      });
      await previous?.dispose();
      this.project = this.snapshot.getProject(this.configFile);
      if (!this.project) throw new Error('project closed');
    }
    const program = (this.project as Project).program;
    const own = (await program.getSourceFileNames()).filter((file) =>
      this.folders.some((folder) => file.startsWith(`${folder}${path.sep}`)),
    );
    const global = [...(await program.getConfigFileParsingDiagnostics()), ...(await program.getProgramDiagnostics())];
    const perFile = await Promise.all(
      own.map(async (file) => [
        ...(await program.getSyntacticDiagnostics(file)),
        ...(await program.getSemanticDiagnostics(file)),
      ]),
    );
    const first = [...global, ...perFile.flat()].find((d) => d.category === DiagnosticCategory.Error);
    return first ? { message: this.format(first) } : undefined;
  }

  /** `file(line,col): error TSxxxx: message`, as `tsc --pretty false` prints it. */
  private format(diagnostic: Diagnostic): string {
    const where = diagnostic.fileName
      ? path.relative(this.root, diagnostic.fileName)
      : path.relative(this.root, this.configFile);
    let position = '';
    if (diagnostic.fileName) {
      const before = readFileSync(diagnostic.fileName, 'utf8').slice(0, diagnostic.pos).split('\n');
      position = `(${before.length},${(before.at(-1)?.length ?? 0) + 1})`;
    }
    return `${where}${position}: error TS${diagnostic.code}: ${diagnostic.text}`;
  }

  private async dropApi(): Promise<void> {
    const api = this.api;
    this.api = undefined;
    this.project = undefined;
    this.snapshot = undefined;
    await api?.close().catch(() => undefined);
  }
}
