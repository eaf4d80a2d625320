import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFromEnv, LAB_DIR } from '../src/corpus.ts';

describe('the corpus pnpm start serves', () => {
  it('is the lab briefs by default, and a folder of notes when CAPSTONE_CORPUS_DIR names one', () => {
    expect(corpusFromEnv({}).map((d) => d.source)).toContain('labs/13-capstone/README.md');
    const notes = corpusFromEnv({ CAPSTONE_CORPUS_DIR: path.join(LAB_DIR, 'fixtures', 'corpus') });
    expect(notes.map((d) => d.source)).toContain('circuit-breakers.md');
    expect(notes.map((d) => d.source)).not.toContain('README.md');
  });

  it('refuses a missing or empty folder in one line naming the variable', () => {
    expect(() => corpusFromEnv({ CAPSTONE_CORPUS_DIR: '/no/such/folder' })).toThrow(
      'CAPSTONE_CORPUS_DIR: /no/such/folder does not exist',
    );
    const empty = mkdtempSync(path.join(tmpdir(), 'capstone-corpus-'));
    try {
      expect(() => corpusFromEnv({ CAPSTONE_CORPUS_DIR: empty })).toThrow(/holds no \.md notes/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
