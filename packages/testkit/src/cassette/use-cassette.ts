/**
 * `useCassette(file)`: the vitest hooks for a test file whose provider calls come from a cassette.
 * Replay (the default): calls are answered from the file, offline, and a call the file does not
 * hold fails the test with the closest recorded one. Record (`CASSETTE_MODE=record`, with live
 * credentials): calls go to the real providers and the file is (re)written after the last test.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadCassette, saveCassette } from './file.ts';
import { createRecorder, type RecorderOptions } from './record.ts';
import { type Replay, type ReplayOptions, replayCassette } from './replay.ts';
import type { CassetteMismatch, Interaction } from './types.ts';

/** Environment variable that selects the mode: `record` or `replay` (default). */
export const CASSETTE_MODE_ENV = 'CASSETTE_MODE';

/** Options of `useCassette`. */
export interface UseCassetteOptions extends ReplayOptions, Pick<RecorderOptions, 'filter' | 'secretHeaders'> {
  /** Overrides `CASSETTE_MODE`. */
  mode?: 'record' | 'replay';
}

/** What `useCassette` gives the tests. */
export interface CassetteSession {
  /** The mode in use. */
  readonly mode: 'record' | 'replay';
  /** Interactions recorded so far (record) or loaded (replay). */
  interactions(): readonly Interaction[];
  /** Replay: takes the mismatches so far (so a test that expects one does not fail in afterEach). */
  takeMismatches(): CassetteMismatch[];
}

/** Registers the hooks for `file`. Call once at the top of a test file (instead of `useMockNetwork`). */
export function useCassette(file: string, options: UseCassetteOptions = {}): CassetteSession {
  const raw = options.mode ?? process.env[CASSETTE_MODE_ENV] ?? 'replay';
  if (raw !== 'record' && raw !== 'replay')
    throw new Error(`${CASSETTE_MODE_ENV} must be record or replay, got "${raw}"`);
  const mode = raw;

  if (mode === 'record') {
    const recorder = createRecorder(options);
    beforeAll(() => recorder.start());
    afterAll(async () => saveCassette(file, await recorder.stop()));
    return { mode, interactions: () => recorder.interactions, takeMismatches: () => [] };
  }

  let replay: Replay | undefined;
  let server: ReturnType<typeof setupServer> | undefined;
  let loaded: Interaction[] = [];
  beforeAll(() => {
    const cassette = loadCassette(file);
    loaded = cassette.interactions;
    replay = replayCassette(cassette, { ...options, name: options.name ?? file });
    server = setupServer(...replay.handlers);
    server.listen({ onUnhandledFrame: 'error' });
  });
  afterEach(() => {
    const missed = replay?.takeMismatches() ?? [];
    if (missed.length > 0) throw new Error(missed.map((m) => m.message).join('\n'));
  });
  afterAll(() => server?.close());
  return { mode, interactions: () => loaded, takeMismatches: () => replay?.takeMismatches() ?? [] };
}
