/**
 * Vector storage inside a WebAssembly memory, so the SIMD kernels in kernels.wat
 * read it in place. Layout (byte offsets):
 *   [query: dims floats][scores: BLOCK floats][rows: BLOCK ints][data: capacity × dims floats]
 * The data region sits last, so growing the memory extends it without moving it.
 * Capacity doubles, keeping appends amortised O(1).
 */
import { KERNELS_WASM_BASE64 } from './kernels.wasm.ts';

/** Rows scored per kernel call: big enough to amortise the call, small enough for L1/L2. */
const BLOCK = 4096;
const PAGE = 65_536;
/** 4 GiB: the most a 32-bit WebAssembly memory can address. */
const MAX_PAGES = 65_536;

interface Kernels {
  score_range(data: number, query: number, dims: number, first: number, n: number, out: number, l2: number): void;
  score_rows(data: number, query: number, dims: number, rows: number, n: number, out: number, l2: number): void;
}

let compiled: WebAssembly.Module | undefined;
function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

const align64 = (bytes: number) => Math.ceil(bytes / 64) * 64;

export class VectorArena {
  readonly dimensions: number;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: Kernels;
  private readonly queryOffset = 0;
  private readonly scoresOffset: number;
  private readonly rowsOffset: number;
  private readonly dataOffset: number;
  private rowCapacity: number;
  private dataView: Float32Array;

  constructor(dimensions: number, initialRows: number) {
    this.dimensions = dimensions;
    this.scoresOffset = align64(dimensions * 4);
    this.rowsOffset = this.scoresOffset + BLOCK * 4;
    this.dataOffset = this.rowsOffset + BLOCK * 4;
    this.rowCapacity = initialRows;
    this.memory = new WebAssembly.Memory({ initial: this.pagesFor(initialRows), maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as Kernels;
    this.dataView = this.makeView();
  }

  /** Rows that fit without growing. */
  get capacity(): number {
    return this.rowCapacity;
  }

  /** The data region, row-major. Re-read after `ensureCapacity`: growing replaces it. */
  get data(): Float32Array {
    return this.dataView;
  }

  /** Make room for `rows` rows, doubling. Throws a RangeError past 4 GiB. */
  ensureCapacity(rows: number): void {
    if (rows <= this.rowCapacity) return;
    let capacity = this.rowCapacity;
    while (capacity < rows) capacity *= 2;
    const needed = this.pagesFor(capacity);
    const have = this.memory.buffer.byteLength / PAGE;
    if (needed > MAX_PAGES) throw new RangeError('the 4 GiB WebAssembly memory limit');
    if (needed > have) this.memory.grow(needed - have);
    this.rowCapacity = capacity;
    this.dataView = this.makeView();
  }

  /**
   * Score `query` against rows `0 .. n-1` (or only `rows`, when given), block by block.
   * `visit` gets each block's scores and, for the block, the first row (range scan) or
   * the block's row numbers (filtered scan). Scores are dot products or, with `l2`,
   * squared Euclidean distances.
   */
  scan(
    query: Float32Array,
    n: number,
    rows: Int32Array | undefined,
    l2: boolean,
    visit: (scores: Float32Array, count: number, first: number, rowIds: Int32Array | undefined) => void,
  ): void {
    const buffer = this.memory.buffer;
    new Float32Array(buffer, this.queryOffset, this.dimensions).set(query);
    const scores = new Float32Array(buffer, this.scoresOffset, BLOCK);
    const rowBlock = new Int32Array(buffer, this.rowsOffset, BLOCK);
    const total = rows ? rows.length : n;
    const mode = l2 ? 1 : 0;
    for (let start = 0; start < total; start += BLOCK) {
      const count = Math.min(BLOCK, total - start);
      if (rows) {
        rowBlock.set(rows.subarray(start, start + count));
        this.kernels.score_rows(
          this.dataOffset,
          this.queryOffset,
          this.dimensions,
          this.rowsOffset,
          count,
          this.scoresOffset,
          mode,
        );
        visit(scores, count, start, rowBlock);
      } else {
        this.kernels.score_range(
          this.dataOffset,
          this.queryOffset,
          this.dimensions,
          start,
          count,
          this.scoresOffset,
          mode,
        );
        visit(scores, count, start, undefined);
      }
    }
  }

  private pagesFor(rows: number): number {
    return Math.ceil((this.dataOffset + rows * this.dimensions * 4) / PAGE);
  }

  private makeView(): Float32Array {
    return new Float32Array(this.memory.buffer, this.dataOffset, this.rowCapacity * this.dimensions);
  }
}
