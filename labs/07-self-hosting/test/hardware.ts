/**
 * The emulated hardware that judges a capacity plan (DoD-1): what an Ollama server on that GPU
 * really allocates and how fast it really decodes. It stands in for the load test you would run
 * on a rented GPU, and is deliberately not the planner's arithmetic: it counts what datasheets
 * and back-of-the-envelope formulas leave out (the memory the driver keeps, the CUDA runtime,
 * llama.cpp's compute buffers, kernel overheads, bandwidth no kernel reaches). Calibrate your
 * planner on what the dev report shows you, not on this file.
 *
 * Node runs this file from the dev report, so it imports only types from the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Candidate, CapacityWorkload, Catalogue, GpuOffer, GpuSpec, ModelSpec, Quantisation } from '@lab/types.ts';

const GIB = 2 ** 30;

/** `nvidia-smi --query-gpu=memory.total`, MiB: what the driver reports, below the datasheet's GB. */
const MEMORY_TOTAL_MIB: Record<string, number> = {
  L4: 23_034,
  A10G: 23_028,
  L40S: 46_068,
  'A100-40GB': 40_960,
  'A100-80GB': 81_920,
  'H100-80GB': 81_559,
};

/** Average bits per weight of GGUF files (file size × 8 / parameters; K-quants keep some tensors wider). */
const BITS_PER_WEIGHT: Record<Quantisation, number> = { Q4_K_M: 4.85, Q5_K_M: 5.69, Q8_0: 8.5, F16: 16 };

/** Per GPU: CUDA context, cuBLAS workspace and llama.cpp's scratch, GiB. */
const RUNTIME_GIB = 0.55;
/** llama.cpp's logical batch: the logits buffer holds this many rows of the vocabulary (float32). */
const BATCH_TOKENS = 512;
/** llama.cpp rounds the context of each slot up to a multiple of this. */
const CONTEXT_PAD = 256;
/** Share of the datasheet bandwidth the decoding kernels reach, by memory type. */
const BANDWIDTH_EFFICIENCY = { gddr: 0.7, hbm: 0.75 };
/** Fixed cost of one decoding step (launches, sampling), ms, plus a little per layer. */
const STEP_OVERHEAD_MS = 2.5;
const STEP_OVERHEAD_PER_LAYER_MS = 0.02;
/** Handing the activations from one GPU to the next (Ollama splits a model's layers across GPUs), ms. */
const HOP_MS = 0.3;

/** What the emulated server showed for one plan. */
export interface Measurement {
  /** Memory one GPU needed, GiB (the busiest one). */
  memoryGiBPerGpu: number;
  /** Memory one GPU has, GiB (`nvidia-smi`). */
  usableGiBPerGpu: number;
  /** The model loaded with every slot's context allocated. */
  fits: boolean;
  /** Generation speed per sequence with every slot busy at a full context, tokens/s. */
  tokensPerSecond: number;
  /** The model serves the workload's context at all. */
  contextOk: boolean;
}

/** The catalogue, read straight from the fixtures (the judge does not go through the lab's code). */
export function readCatalogue(): Catalogue {
  const dir = path.join(import.meta.dirname, '..', 'fixtures');
  const models = JSON.parse(readFileSync(path.join(dir, 'models.json'), 'utf8')) as {
    asOf: string;
    models: ModelSpec[];
  };
  const gpus = JSON.parse(readFileSync(path.join(dir, 'gpus.json'), 'utf8')) as { gpus: GpuSpec[] };
  return {
    asOf: models.asOf,
    models: Object.fromEntries(models.models.map((m) => [m.id, m])),
    gpus: Object.fromEntries(gpus.gpus.map((g) => [g.id, g])),
  };
}

/** Runs `candidate` on `offer` under `workload` on the emulated hardware. */
export function measure(
  catalogue: Catalogue,
  offer: GpuOffer,
  candidate: Candidate,
  workload: CapacityWorkload,
): Measurement {
  const model = catalogue.models[candidate.model];
  const gpu = catalogue.gpus[offer.gpu];
  const totalMiB = MEMORY_TOTAL_MIB[offer.gpu];
  if (!model || !gpu || totalMiB === undefined)
    throw new Error(`unknown model or GPU: ${JSON.stringify({ offer, candidate })}`);
  const weightBytes = model.parametersBillion * 1e9 * (BITS_PER_WEIGHT[candidate.quant] / 8);
  const kvBytesPerToken = 2 * model.layers * model.kvHeads * model.headDim * 2;
  const paddedContext = Math.ceil(workload.contextTokens / CONTEXT_PAD) * CONTEXT_PAD;
  const contextTokens = paddedContext * workload.concurrentSequences;
  const kvBytes = kvBytesPerToken * contextTokens;
  const computeBytes = 0.15 * GIB + model.vocabSize * BATCH_TOKENS * 4 + contextTokens * model.hiddenSize;
  const perGpuBytes = (weightBytes + kvBytes) / offer.count + computeBytes + RUNTIME_GIB * GIB;

  const efficiency = gpu.memoryType.startsWith('HBM') ? BANDWIDTH_EFFICIENCY.hbm : BANDWIDTH_EFFICIENCY.gddr;
  // Layer split: a token passes through the GPUs one after another, each reading its share, so
  // more GPUs add memory, not speed.
  const bytesPerStep = weightBytes + kvBytesPerToken * workload.contextTokens * workload.concurrentSequences;
  const stepMs =
    (bytesPerStep / (gpu.bandwidthGBps * 1e9 * efficiency)) * 1000 +
    STEP_OVERHEAD_MS +
    STEP_OVERHEAD_PER_LAYER_MS * model.layers +
    HOP_MS * (offer.count - 1);
  const usable = totalMiB / 1024;
  return {
    memoryGiBPerGpu: perGpuBytes / GIB,
    usableGiBPerGpu: usable,
    fits: perGpuBytes / GIB <= usable,
    tokensPerSecond: 1000 / stepMs,
    contextOk: workload.contextTokens <= model.contextLength,
  };
}

/** Whether the plan works: it loads, it is fast enough, and the model takes that much context. */
export function works(m: Measurement, workload: CapacityWorkload): boolean {
  return m.fits && m.contextOk && m.tokensPerSecond >= workload.minTokensPerSecond;
}
