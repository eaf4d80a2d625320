/**
 * Moving to a new embedding model without downtime: a shadow collection embedded by the new
 * model is backfilled while the live one keeps serving; every write goes to both (dual write);
 * reads move to the shadow only when it passes a gate on labelled queries — enough overlap
 * with what users see today, and enough recall. The live collection is kept (and still
 * written) after the cut-over, so rolling back is one call.
 */
import type { SearchHit } from '@workshop/vector';
// You will need: MigrationBlockedError from './errors.ts'.
// You will need: mean, recallAtK from './metrics.ts'.
import type { EmbeddingPipeline, PipelineSearchOptions } from './pipeline.ts';
import type { Doc, LabelledQuery } from './types.ts';

/** When the shadow may take the reads. */
export interface CutOverGate {
  /** Results compared per query. */
  k: number;
  /** Minimum mean overlap@k between live and shadow results over all queries. */
  minOverlap: number;
  /** Minimum mean Recall@k of the shadow over the answerable queries. */
  minRecall: number;
}

/** Where reads go: the live (old) index until the cut-over, then the shadow (new) one. */
export type MigrationPhase = 'dual-write' | 'cut-over';

/** The gate's measurements. */
export interface MigrationCheck {
  /** Mean |live top-k ∩ shadow top-k| / k over all queries. */
  overlapAtK: number;
  /** Mean Recall@k of the live index over answerable queries. */
  liveRecall: number;
  /** Mean Recall@k of the shadow index over answerable queries. */
  shadowRecall: number;
  /** Every gate condition holds. */
  ready: boolean;
  /** One sentence per failed condition (empty when ready). */
  reasons: string[];
}

/** Options of `ShadowMigration`. */
export interface MigrationOptions {
  /** The index serving reads today. */
  live: EmbeddingPipeline;
  /** The index being built with the new model, in its own collection. */
  shadow: EmbeddingPipeline;
  gate: CutOverGate;
}

export class ShadowMigration {
  readonly live: EmbeddingPipeline;
  readonly shadow: EmbeddingPipeline;
  readonly gate: CutOverGate;
  private current: MigrationPhase = 'dual-write';
  // TODO: add `private lastCheck: MigrationCheck | undefined;` — check() stores its result there, cutOver() reads it.

  constructor(options: MigrationOptions) {
    // TODO: when options.live.collection === options.shadow.collection, throw a RangeError saying
    //   that the shadow index needs its own collection (name it): the new model would overwrite the live vectors.
    this.live = options.live;
    this.shadow = options.shadow;
    this.gate = options.gate;
  }

  /** Where reads go now. */
  get phase(): MigrationPhase {
    return this.current;
  }

  /** Fill the shadow collection with the existing documents (the live one already has them). */
  async backfill(docs: Doc[]): Promise<void> {
    // TODO: index `docs` into the shadow pipeline only (the live one already has them).
    void docs;
    throw new Error('TODO: ShadowMigration.backfill (DoD-6) — see the TODO in src/migration.ts');
  }

  /** New or changed documents: written to both indexes, so neither falls behind. */
  async write(docs: Doc[]): Promise<void> {
    // TODO: dual write — index `docs` into the live pipeline AND the shadow pipeline, in every phase
    //   (after the cut-over the live index must stay current so a rollback loses nothing).
    void docs;
    throw new Error('TODO: ShadowMigration.write (DoD-6) — see the TODO in src/migration.ts');
  }

  /** Search the index that serves reads in the current phase. */
  search(text: string, options: PipelineSearchOptions = {}): Promise<SearchHit[]> {
    // TODO: search the shadow pipeline after the cut-over (this.current === 'cut-over'), the live one before.
    void text;
    void options;
    throw new Error('TODO: ShadowMigration.search (DoD-6) — see the TODO in src/migration.ts');
  }

  /** Run the labelled queries through both indexes and measure the gate. */
  async check(queries: LabelledQuery[]): Promise<MigrationCheck> {
    // TODO: with k = this.gate.k, for each query search BOTH pipelines with { topK: k } (ids as strings):
    //   overlap = |live ∩ shadow| / k for every query; for answerable queries (relevant not empty) also
    //   recallAtK(live, relevant, k) and recallAtK(shadow, relevant, k). Average each with `mean`.
    //   reasons: overlap below gate.minOverlap → a sentence with "overlap"; shadow recall below
    //   gate.minRecall → a sentence with "Recall". ready = no reasons.
    //   Store the result in this.lastCheck (cutOver uses it) and return it.
    void queries;
    throw new Error('TODO: ShadowMigration.check (DoD-6) — see the TODO in src/migration.ts');
  }

  /** Move reads to the shadow index, only if the last `check()` passed the gate. */
  cutOver(): void {
    // TODO: no this.lastCheck → throw new MigrationBlockedError(['run check() on labelled queries first']);
    //   a lastCheck that is not ready → throw new MigrationBlockedError(this.lastCheck.reasons);
    //   otherwise this.current = 'cut-over'.
    throw new Error('TODO: ShadowMigration.cutOver (DoD-6) — see the TODO in src/migration.ts');
  }

  /** Move reads back to the live index (it has been written all along). */
  rollback(): void {
    this.current = 'dual-write';
  }
}
