/**
 * Moving to a new embedding model without downtime: a shadow collection embedded by the new model
 * is backfilled while the live one keeps serving; every write goes to both (dual write); `check`
 * gathers the evidence on labelled queries (what users would be shown by each index, at each
 * index's own threshold); reads move to the shadow only when your cut-over rule says so
 * (src/cutover.ts). The live collection is kept, and still written, after the cut-over, so rolling
 * back is one call. Given code: the same file in the starter and the solution.
 */
import type { SearchHit } from '@workshop/vector';
import { decideCutOver } from './cutover.ts';
import { MigrationBlockedError } from './errors.ts';
import { recallAtK } from './metrics.ts';
import type { EmbeddingPipeline, PipelineSearchOptions } from './pipeline.ts';
import type { CutOverPolicy } from './policy.ts';
import type { Doc, LabelledQuery } from './types.ts';

/** One index of the migration: its pipeline (model + collection) and the score under which hits are not shown. */
export interface ServedIndex {
  pipeline: EmbeddingPipeline;
  /** Hits scoring below this are not shown; calibrated on this index's model (src/cutover.ts). */
  threshold: number;
}

/** What one index holds, read from the store when the evidence is gathered. */
export interface IndexSnapshot {
  /** `EmbeddingModel.version` of the index's model. */
  version: string;
  /** Points in the collection. */
  points: number;
  /** Points whose payload says they were embedded with `version` (fewer in a mixed collection). */
  pointsOfVersion: number;
  /** The index's threshold. */
  threshold: number;
}

/** What one index shows for one query. */
export interface ShownResult {
  /** Hits shown: the top k at or above the threshold (0 means "no result"). */
  shown: number;
  /** Recall@k of the shown hits; 0 for an unanswerable query (there is nothing to recall). */
  recall: number;
}

/** One labelled query, through both indexes. */
export interface QueryOutcome {
  queryId: string;
  /** The query has relevant documents. */
  answerable: boolean;
  live: ShownResult;
  shadow: ShownResult;
  /** |live top k ∩ shadow top k| / k, thresholds ignored: how much the ranking changes for this query. */
  overlap: number;
}

/** Everything `check` measured: the input of the cut-over rule. */
export interface MigrationEvidence {
  k: number;
  live: IndexSnapshot;
  shadow: IndexSnapshot;
  queries: QueryOutcome[];
}

/** Where reads go: the live (old) index until the cut-over, then the shadow (new) one. */
export type MigrationPhase = 'dual-write' | 'cut-over';

/** Options of `ShadowMigration`. */
export interface MigrationOptions {
  /** The index serving reads today. */
  live: ServedIndex;
  /** The index built with the new model, in its own collection. */
  shadow: ServedIndex;
  policy: CutOverPolicy;
}

export class ShadowMigration {
  readonly live: ServedIndex;
  readonly shadow: ServedIndex;
  readonly policy: CutOverPolicy;
  private current: MigrationPhase = 'dual-write';
  private evidence: MigrationEvidence | undefined;

  constructor(options: MigrationOptions) {
    if (options.live.pipeline.collection === options.shadow.pipeline.collection) {
      throw new RangeError(`the shadow index needs its own collection; both use "${options.live.pipeline.collection}"`);
    }
    this.live = options.live;
    this.shadow = options.shadow;
    this.policy = options.policy;
  }

  /** Where reads go now. */
  get phase(): MigrationPhase {
    return this.current;
  }

  /** Fill the shadow collection with the existing documents (the live one already has them). */
  async backfill(docs: Doc[]): Promise<void> {
    await this.shadow.pipeline.index(docs);
  }

  /** New or changed documents: written to both indexes, so neither falls behind. */
  async write(docs: Doc[]): Promise<void> {
    await this.live.pipeline.index(docs);
    await this.shadow.pipeline.index(docs);
  }

  /** Search the index that serves reads in the current phase, at that index's threshold. */
  search(text: string, options: PipelineSearchOptions = {}): Promise<SearchHit[]> {
    const served = this.current === 'cut-over' ? this.shadow : this.live;
    return served.pipeline.search(text, { scoreThreshold: served.threshold, ...options });
  }

  /** Run the labelled queries through both indexes and read both collections: the cut-over rule's evidence. */
  async check(queries: LabelledQuery[]): Promise<MigrationEvidence> {
    const { k } = this.policy;
    const outcomes: QueryOutcome[] = [];
    for (const query of queries) {
      const live = await this.live.pipeline.search(query.text, { topK: k });
      const shadow = await this.shadow.pipeline.search(query.text, { topK: k });
      const liveIds = new Set(live.map((hit) => String(hit.id)));
      outcomes.push({
        queryId: query.id,
        answerable: query.relevant.length > 0,
        live: shownResult(live, this.live.threshold, query, k),
        shadow: shownResult(shadow, this.shadow.threshold, query, k),
        overlap: shadow.filter((hit) => liveIds.has(String(hit.id))).length / k,
      });
    }
    this.evidence = {
      k,
      live: await snapshot(this.live),
      shadow: await snapshot(this.shadow),
      queries: outcomes,
    };
    return this.evidence;
  }

  /** Move reads to the shadow index if your rule accepts the last `check()`; else `MigrationBlockedError` with its reasons. */
  cutOver(): void {
    if (!this.evidence) throw new MigrationBlockedError(['run check() on labelled queries first']);
    const decision = decideCutOver(this.evidence, this.policy);
    if (!decision.cutOver) throw new MigrationBlockedError(decision.reasons);
    this.current = 'cut-over';
  }

  /** Move reads back to the live index (it has been written all along). */
  rollback(): void {
    this.current = 'dual-write';
  }
}

function shownResult(hits: SearchHit[], threshold: number, query: LabelledQuery, k: number): ShownResult {
  const shown = hits
    .slice(0, k)
    .filter((hit) => hit.score >= threshold)
    .map((hit) => String(hit.id));
  return { shown: shown.length, recall: query.relevant.length > 0 ? recallAtK(shown, query.relevant, k) : 0 };
}

async function snapshot(index: ServedIndex): Promise<IndexSnapshot> {
  const { store, collection, model } = index.pipeline;
  return {
    version: model.version,
    points: await store.count(collection),
    pointsOfVersion: await store.count(collection, {
      must: [{ key: 'embeddingVersion', match: { value: model.version } }],
    }),
    threshold: index.threshold,
  };
}
