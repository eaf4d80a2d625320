/**
 * DoD-1 — Capacity plan: which server, and which model at which quantisation, serve a workload at
 * the lowest price without running out of memory or speed; or a refusal that says why none does.
 */
import { loadCatalogue } from './catalogue.ts';
import type { CapacityPlan, CapacityScenario, Catalogue } from './types.ts';

/** The cheapest offer/candidate that fits and is fast enough, or a refusal. */
export function planCapacity(scenario: CapacityScenario, catalogue: Catalogue = loadCatalogue()): CapacityPlan {
  // TODO (DoD-1): choose the cheapest offer and candidate that will load and decode fast enough, or
  //   refuse, saying why. A GPU holds the weights, the KV cache of every sequence at full context and
  //   what the runtime needs besides, and it has less memory than its datasheet says. Judged on the
  //   test split: no plan that fails on the emulated servers, the cheapest working price on at least
  //   0.8 of the scenarios, and properties (test/dod-1-capacity.test.ts). Calibrate on dev only:
  //   node labs/07-self-hosting/src/dev-report.ts capacity
  void catalogue;
  throw new Error(`TODO: planCapacity for ${scenario.id} (DoD-1), see the TODO in src/capacity.ts`);
}
