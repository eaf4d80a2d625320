import { appendFileSync, readFileSync } from 'node:fs';

/** Where audit lines are stored. Append-only by contract: there is no way to rewrite a line. */
export interface AuditSink {
  /** Names the log in error messages, e.g. its file path. */
  readonly name: string;
  /** The whole log as JSONL ('' when empty). */
  read(): string;
  /** Append text (one or more complete lines, each ending with `\n`). */
  append(text: string): void;
}

/** A log kept in memory: tests, and short-lived processes that ship the text elsewhere. */
export class MemoryAuditSink implements AuditSink {
  readonly name: string;
  #text: string;

  constructor(initial = '', name = 'audit log') {
    this.#text = initial;
    this.name = name;
  }

  read(): string {
    return this.#text;
  }

  append(text: string): void {
    this.#text += text;
  }
}

/** A JSONL file, appended to with O_APPEND (each write lands at the end, never over old lines). */
export class FileAuditSink implements AuditSink {
  readonly name: string;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    this.name = path;
  }

  read(): string {
    try {
      return readFileSync(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  append(text: string): void {
    appendFileSync(this.#path, text, { encoding: 'utf8', flag: 'a' });
  }
}
