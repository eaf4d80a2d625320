/**
 * Keeps the k best (highest) scores seen so far in a bounded min-heap: O(n log k)
 * over a scan instead of sorting all n scores, and no per-candidate allocation.
 */
export class TopK {
  /** Heap of scores; `scores[0]` is the weakest kept. */
  private readonly scores: Float64Array;
  /** Row of each heap entry. */
  private readonly rows: Int32Array;
  private readonly k: number;
  private size = 0;

  constructor(k: number) {
    this.k = k;
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  /**
   * The score a candidate must beat to enter: `-Infinity` until the heap is full.
   * Read it in the scan loop to skip the push call for most rows.
   */
  get floor(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }

  /** Offer a candidate; kept when the heap is not full or it beats the weakest. */
  push(score: number, row: number): void {
    const { scores, rows } = this;
    if (this.size < this.k) {
      // Sift up from the new leaf.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((scores[parent] as number) <= score) break;
        scores[i] = scores[parent] as number;
        rows[i] = rows[parent] as number;
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
      return;
    }
    if (score <= (scores[0] as number)) return;
    // Replace the root and sift down.
    const n = this.size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (scores[right] as number) < (scores[left] as number) ? right : left;
      if ((scores[child] as number) >= score) break;
      scores[i] = scores[child] as number;
      rows[i] = rows[child] as number;
      i = child;
    }
    scores[i] = score;
    rows[i] = row;
  }

  /** The kept entries, best first. */
  sorted(): { score: number; row: number }[] {
    const out: { score: number; row: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ score: this.scores[i] as number, row: this.rows[i] as number });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }
}
