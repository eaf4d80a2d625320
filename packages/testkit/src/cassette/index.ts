/** Record and replay of provider calls: cassettes. */
export { loadCassette, saveCassette } from './file.ts';
export { closest, compareBodies, mismatchMessage, normalizeUrl } from './match.ts';
export { createRecorder, type Recorder, type RecorderOptions } from './record.ts';
export { REDACTED, SECRET_HEADERS, SECRET_PARAMS } from './redact.ts';
export { type Replay, type ReplayOptions, replayCassette } from './replay.ts';
export type * from './types.ts';
export { CASSETTE_MODE_ENV, type CassetteSession, type UseCassetteOptions, useCassette } from './use-cassette.ts';
