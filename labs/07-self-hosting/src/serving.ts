/**
 * DoD-2 — Serving plan: `OLLAMA_NUM_PARALLEL` and the number of replicas that keep p95 under its
 * target at the stated traffic, at the lowest price; or a refusal that says why no fleet does.
 */
import { loadCatalogue } from './catalogue.ts';
import type { Catalogue, ServingPlan, ServingScenario } from './types.ts';

/** The slots and replicas to run, or a refusal. */
export function planServing(scenario: ServingScenario, catalogue: Catalogue = loadCatalogue()): ServingPlan {
  // TODO (DoD-2): choose the parallel slots per replica and the fewest replicas that keep p95 under
  //   the target, or refuse, saying why. Every slot holds a full context in memory (your capacity
  //   plan says how many fit), a replica runs at most scenario.maxSlots of them (16 here), and every
  //   replica is paid by the hour. simulateServing (src/simulate.ts) runs a fleet under random traffic,
  //   a few ms per 4,000 requests. Judged on the test split, on other seeds of the same traffic: no plan
  //   that misses the target or does not fit, at most 0.15 above the cheapest fleets' cost, planned
  //   within 60 s for the 16 scenarios (test/dod-2-serving.test.ts).
  //   Calibrate on dev only: node labs/07-self-hosting/src/dev-report.ts serving
  void catalogue;
  throw new Error(`TODO: planServing for ${scenario.id} (DoD-2), see the TODO in src/serving.ts`);
}
