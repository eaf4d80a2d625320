/**
 * The labelled scenarios agree with the emulated hardware and the simulator that label them
 * (fixtures/generate.ts): a change to either without regenerating the fixtures fails here.
 */
import { loadCatalogue } from '@lab/catalogue.ts';
import { simulateServing } from '@lab/simulate.ts';
import { describe, expect, it } from 'vitest';
import { readCatalogue } from './hardware.ts';
import { capacityQuestion, cheapestWorking, judgedP95, loadCapacity, loadServing, slotsFit } from './scenarios.ts';

const catalogue = readCatalogue();

describe('scenarios (given): labels and catalogue', () => {
  it('the lab loads the same catalogue as the judge', () => {
    expect(loadCatalogue()).toEqual(catalogue);
  });

  it.each(['dev', 'test'] as const)('every %s capacity label is the cheapest working option', (split) => {
    for (const row of loadCapacity(split)) {
      for (const c of row.candidates) expect(catalogue.models[c.model], `${row.id} ${c.model}`).toBeDefined();
      for (const o of row.offers) expect(catalogue.gpus[o.gpu], `${row.id} ${o.gpu}`).toBeDefined();
      expect(cheapestWorking(catalogue, capacityQuestion(row)), row.id).toEqual(row.expect);
    }
  });

  it.each(['dev', 'test'] as const)(
    'every %s serving label meets its target, and one replica fewer cannot',
    (split) => {
      for (const row of loadServing(split)) {
        let slots = 0;
        while (slots < row.maxSlots && slotsFit(catalogue, row, slots + 1)) slots += 1;
        expect(slots, row.id).toBeGreaterThan(0);
        if (row.expect) {
          expect(judgedP95(simulateServing, row, row.expect), row.id).toBeLessThanOrEqual(row.sloP95Seconds);
          if (row.expect.replicas > 1) {
            const fewer = { numParallel: slots, replicas: row.expect.replicas - 1 };
            expect(judgedP95(simulateServing, row, fewer), row.id).toBeGreaterThan(row.sloP95Seconds);
          }
        } else {
          const most = { numParallel: slots, replicas: row.maxReplicas };
          expect(judgedP95(simulateServing, row, most), row.id).toBeGreaterThan(row.sloP95Seconds);
        }
      }
    },
  );
});
