/**
 * The lab's typed errors. Given code: the same file in the starter and the solution.
 */
import { isVectorStoreError } from '@workshop/vector';

/**
 * The embeddings do not fit the collection: the model produces vectors of another length
 * (or for another distance) than the collection was created with, or the model returned a
 * vector whose length differs from what it declares. Nothing was written.
 */
export class EmbeddingMismatchError extends Error {
  override readonly name = 'EmbeddingMismatchError';
  /** Collection concerned. */
  readonly collection: string;
  /** `EmbeddingModel.version` of the model that produced the vectors. */
  readonly modelVersion: string;
  /** Length of the model's vectors (`EmbeddingModel.dimensions`). */
  readonly dimensions: number;

  constructor(
    message: string,
    details: { collection: string; modelVersion: string; dimensions: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.collection = details.collection;
    this.modelVersion = details.modelVersion;
    this.dimensions = details.dimensions;
  }
}

/** A cut-over was asked for while the shadow index does not pass the gate. Reads stay on the live index. */
export class MigrationBlockedError extends Error {
  override readonly name = 'MigrationBlockedError';
  /** Every gate condition that failed, one sentence each. */
  readonly reasons: string[];

  constructor(reasons: string[]) {
    super(`cut-over blocked: ${reasons.join('; ')}`);
    this.reasons = reasons;
  }
}

/** The model being written with, as error messages name it. */
interface ModelLike {
  modelId: string;
  version: string;
  dimensions: number;
}

function describeModel(model: ModelLike): string {
  return `model "${model.modelId}" (version ${model.version}, ${model.dimensions} dimensions)`;
}

/**
 * Turn a store's refusal of the shape (`dimension_mismatch`, `collection_exists`) into an
 * `EmbeddingMismatchError` that names the model, its version and the collection, and says what
 * to do. Any other error is returned unchanged, so `throw toMismatchError(…)` is always safe.
 */
export function toMismatchError(error: unknown, collection: string, model: ModelLike): unknown {
  if (!isVectorStoreError(error) || (error.code !== 'dimension_mismatch' && error.code !== 'collection_exists')) {
    return error;
  }
  return new EmbeddingMismatchError(
    `cannot use ${describeModel(model)} with collection "${collection}": ${error.message}. ` +
      'Index into a new collection for this model (see the migration plan) or embed with the model the collection was built for',
    { collection, modelVersion: model.version, dimensions: model.dimensions, cause: error },
  );
}

/** The model returned a vector whose length is not the one it declares. */
export function wrongLengthError(got: number, collection: string, model: ModelLike): EmbeddingMismatchError {
  return new EmbeddingMismatchError(
    `${describeModel(model)} returned a vector of ${got} dimensions for collection "${collection}"; ` +
      'nothing was written. Check the model configuration (e.g. OPENAI_EMBEDDING_DIMENSIONS)',
    { collection, modelVersion: model.version, dimensions: model.dimensions },
  );
}
