/**
 * Moving to a new embedding model without downtime: a shadow collection embedded by the new
 * model is backfilled while the live one keeps serving; every write goes to both (dual write);
 * reads move to the shadow only when it passes a gate on labelled queries — enough overlap
 * with what users see today, and enough recall. The live collection is kept (and still
 * written) after the cut-over, so rolling back is one call.
 */
import type { SearchHit } from '@workshop/vector';
import { MigrationBlockedError } from './errors.ts';
import { mean, recallAtK } from './metrics.ts';
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
  private lastCheck: MigrationCheck | undefined;

  constructor(options: MigrationOptions) {
    if (options.live.collection === options.shadow.collection) {
      throw new RangeError(`the shadow index needs its own collection; both use "${options.live.collection}"`);
    }
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
    await this.shadow.index(docs);
  }

  /** New or changed documents: written to both indexes, so neither falls behind. */
  async write(docs: Doc[]): Promise<void> {
    await this.live.index(docs);
    await this.shadow.index(docs);
  }

  /** Search the index that serves reads in the current phase. */
  search(text: string, options: PipelineSearchOptions = {}): Promise<SearchHit[]> {
    return (this.current === 'cut-over' ? this.shadow : this.live).search(text, options);
  }

  /** Run the labelled queries through both indexes and measure the gate. */
  async check(queries: LabelledQuery[]): Promise<MigrationCheck> {
    const { k, minOverlap, minRecall } = this.gate;
    const overlaps: number[] = [];
    const liveRecalls: number[] = [];
    const shadowRecalls: number[] = [];
    for (const query of queries) {
      const live = (await this.live.search(query.text, { topK: k })).map((hit) => String(hit.id));
      const shadow = (await this.shadow.search(query.text, { topK: k })).map((hit) => String(hit.id));
      const seen = new Set(live);
      overlaps.push(shadow.filter((id) => seen.has(id)).length / k);
      if (query.relevant.length > 0) {
        liveRecalls.push(recallAtK(live, query.relevant, k));
        shadowRecalls.push(recallAtK(shadow, query.relevant, k));
      }
    }
    const result = {
      overlapAtK: mean(overlaps),
      liveRecall: mean(liveRecalls),
      shadowRecall: mean(shadowRecalls),
    };
    const reasons: string[] = [];
    if (!(result.overlapAtK >= minOverlap)) {
      reasons.push(`overlap@${k} ${result.overlapAtK.toFixed(3)} is below ${minOverlap}`);
    }
    if (!(result.shadowRecall >= minRecall)) {
      reasons.push(`shadow Recall@${k} ${result.shadowRecall.toFixed(3)} is below ${minRecall}`);
    }
    this.lastCheck = { ...result, ready: reasons.length === 0, reasons };
    return this.lastCheck;
  }

  /** Move reads to the shadow index, only if the last `check()` passed the gate. */
  cutOver(): void {
    if (!this.lastCheck) throw new MigrationBlockedError(['run check() on labelled queries first']);
    if (!this.lastCheck.ready) throw new MigrationBlockedError(this.lastCheck.reasons);
    this.current = 'cut-over';
  }

  /** Move reads back to the live index (it has been written all along). */
  rollback(): void {
    this.current = 'dual-write';
  }
}
