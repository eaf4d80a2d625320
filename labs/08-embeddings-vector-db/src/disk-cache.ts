/**
 * A JSON cache in the OS temp folder for measurements that are expensive and fully determined by
 * their inputs (given code over given data), so that re-running the tests after a save does not
 * measure them again. The key is a hash of everything the result depends on, including the source
 * of the code that computes it. Given code: the same file in the starter and the solution.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The folder this lab caches in. */
export const CACHE_DIR = path.join(tmpdir(), 'workshop-lab08-cache');

/** A short hex key for `parts` (strings, or typed arrays hashed by their bytes). */
export function cacheKey(parts: readonly (string | ArrayBufferView)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? part : new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/** The source text of a module of this folder (a change to it must change the key). */
export function sourceOf(file: string): string {
  return readFileSync(path.join(import.meta.dirname, file), 'utf8');
}

/** `compute()`'s result, from the cache when `key` was computed before. */
export function cachedJson<T>(name: string, key: string, compute: () => T): T {
  const file = path.join(CACHE_DIR, `${name}-${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      // A damaged entry is measured again and rewritten.
    }
  }
  const value = compute();
  mkdirSync(CACHE_DIR, { recursive: true });
  // Write then rename: a parallel test worker never reads a half-written file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
  return value;
}

/**
 * An embedding cache (the pipeline's `EmbeddingCache`) that survives the process: vectors keyed by
 * model version and content hash, read from one file on creation and written back by `flush()`.
 * The key already names the model version, so a vector is never served to another model.
 */
export class DiskEmbeddingCache {
  private readonly file: string;
  private readonly vectors = new Map<string, number[]>();
  private dirty = false;

  constructor(name = 'embeddings') {
    this.file = path.join(CACHE_DIR, `${name}.json`);
    if (!existsSync(this.file)) return;
    try {
      for (const [key, vector] of Object.entries(
        JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number[]>,
      )) {
        this.vectors.set(key, vector);
      }
    } catch {
      // A damaged file is an empty cache: everything is embedded again and the file rewritten.
    }
  }

  get size(): number {
    return this.vectors.size;
  }

  get(key: string): number[] | undefined {
    return this.vectors.get(key);
  }

  set(key: string, vector: number[]): void {
    this.vectors.set(key, vector);
    this.dirty = true;
  }

  /** Write the vectors added since the last flush (nothing when there are none). */
  flush(): void {
    if (!this.dirty) return;
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${this.file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(Object.fromEntries(this.vectors)));
    renameSync(partial, this.file);
    this.dirty = false;
  }
}
