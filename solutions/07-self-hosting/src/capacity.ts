/**
 * DoD-1 — Capacity plan: which server, and which model at which quantisation, serve a workload at
 * the lowest price without running out of memory or speed; or a refusal that says why none does.
 */
import { gpuSpec, loadCatalogue, modelSpec } from './catalogue.ts';
import type { CapacityPlan, CapacityScenario, Catalogue, Quantisation } from './types.ts';

const GIB = 2 ** 30;
/** Average bits per weight of the GGUF formats (file size × 8 / parameters; K-quants keep some tensors wider). */
const BITS_PER_WEIGHT: Record<Quantisation, number> = { Q4_K_M: 4.85, Q5_K_M: 5.69, Q8_0: 8.5, F16: 16 };
/** KV cache entries are 16-bit floats (Ollama's default `OLLAMA_KV_CACHE_TYPE=f16`). */
const KV_BYTES = 2;

// Calibrated on the dev split (node solutions/07-self-hosting/src/dev-report.ts capacity): the
// emulated servers needed 1.0–2.0 GiB per GPU beyond weights and KV cache, the driver shows less
// than the datasheet's GB, and decoding reached about 70 % of the datasheet bandwidth plus a few
// ms per step. Each figure keeps a margin: an out-of-memory plan is an outage, a pricier one is money.
/** Runtime, compute buffers and logits per GPU, GiB. */
const OVERHEAD_GIB_PER_GPU = 2.0;
/** Share of the datasheet memory a plan may fill. */
const MEMORY_SHARE = 0.92;
/** Share of the datasheet bandwidth decoding reaches. */
const BANDWIDTH_SHARE = 0.65;
/** Fixed cost of a decoding step (kernel launches, sampling), ms. */
const STEP_OVERHEAD_MS = 4;

/** The cheapest offer/candidate that fits and is fast enough (the earlier candidate on a tie), or a refusal. */
export function planCapacity(scenario: CapacityScenario, catalogue: Catalogue = loadCatalogue()): CapacityPlan {
  const { workload } = scenario;
  let best: Extract<CapacityPlan, { kind: 'plan' }> | undefined;
  const misses = new Set<string>();
  for (const candidate of scenario.candidates) {
    const model = modelSpec(catalogue, candidate.model);
    if (workload.contextTokens > model.contextLength) {
      misses.add(`${model.id} serves at most ${model.contextLength} tokens of context`);
      continue;
    }
    const weightBytes = (model.parametersBillion * 1e9 * BITS_PER_WEIGHT[candidate.quant]) / 8;
    // K and V, for every layer and KV head, for every token of every sequence.
    const kvBytes = 2 * model.layers * model.kvHeads * model.headDim * KV_BYTES * workload.contextTokens;
    const bytes = weightBytes + kvBytes * workload.concurrentSequences;
    for (const offer of scenario.offers) {
      if (best && offer.usdPerHour >= best.offer.usdPerHour) continue;
      const gpu = gpuSpec(catalogue, offer.gpu);
      // Ollama splits the layers across the GPUs of a server: memory adds up, bandwidth does not,
      // since a token passes through them one after another. Each step reads all weights and KV.
      const memoryGiBPerGpu = bytes / offer.count / GIB + OVERHEAD_GIB_PER_GPU;
      const tokensPerSecond = 1000 / ((bytes / (gpu.bandwidthGBps * 1e9 * BANDWIDTH_SHARE)) * 1000 + STEP_OVERHEAD_MS);
      if (memoryGiBPerGpu > ((gpu.memoryGB * 1e9) / GIB) * MEMORY_SHARE) misses.add('short of memory');
      else if (tokensPerSecond < workload.minTokensPerSecond) misses.add('too slow');
      else best = { kind: 'plan', offer, candidate, estimate: { memoryGiBPerGpu, tokensPerSecond } };
    }
  }
  if (best) return best;
  const need = `${workload.concurrentSequences} × ${workload.contextTokens} tokens at ${workload.minTokensPerSecond} tokens/s`;
  return { kind: 'refuse', reason: `no offer serves ${need}: ${[...misses].join('; ') || 'nothing on offer'}` };
}
