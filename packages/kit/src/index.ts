export { canonicalJson, sha256Hex } from './canonical-json.ts';
export { type Clock, type Deadline, systemClock } from './clock.ts';
export { cosineSimilarity } from './cosine.ts';
export { seededRandom, shuffled } from './random.ts';
export { latencyPercentiles, mean, percentile, wilsonInterval } from './stats.ts';
