// The plan's measured load from roll-ups marked with their school hours (summarised by the store)
// and from roll-ups made before marking existed (read whole and sifted in JavaScript): the same.
import { describe, expect, it } from 'vitest';
import { planMunicipality, type MunicipalityPlan } from '../../planning/plan-inputs.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Store } from '../../store/store.ts';
import { config, NOW, rollups } from '../fixtures/plan-rollups.ts';

/**
 * The store as it is, counting the roll-up rows of lines and Wi-Fi that cross into JavaScript (a
 * line's busy hour reads its four weeks of traffic classes either way).
 */
function counting(store: Store): { store: Store; rows: () => number } {
  let rows = 0;
  const read = async (q: Parameters<Store['range']>[0]) => {
    const points = await store.range(q);
    if (q.measurement.endsWith('_1h') && q.measurement !== 'traffic_1h') rows += points.length;
    return points;
  };
  return { store: Object.assign(Object.create(store), { range: read, summarise: store.summarise?.bind(store) }), rows: () => rows };
}

describe('the measured load of a whole municipality', () => {
  it('is the same from the store\'s summaries of marked roll-ups as from the roll-ups read whole, and reads no roll-up rows', async () => {
    const plans: MunicipalityPlan[] = [];
    const crossed: number[] = [];
    for (const marked of [true, false]) {
      const embedded = new EmbeddedStore(':memory:');
      await embedded.write(rollups(marked));
      const { store, rows } = counting(embedded);
      plans.push(await planMunicipality(config, store, NOW, 'today'));
      crossed.push(rows());
      await embedded.close();
    }
    const [summarised, readWhole] = plans;
    expect(crossed[0]).toBe(0);
    expect(crossed[1]).toBeGreaterThan(100_000);
    // The evidence the plan shows is made of the measured figures: every one of them agrees.
    const evidence = (p: MunicipalityPlan) => [...p.buildings, ...p.schools].flatMap((b) => b.recommendations.map((r) => [b.schoolId, r.kind, r.evidence]));
    expect(evidence(summarised!).length).toBeGreaterThan(6);
    const shown = JSON.stringify(evidence(summarised!));
    for (const figure of ['"source":"hourly roll-ups"', '"measuredP95Mbps"', '"measuredPeakClients"', '"measuredByBand"', '"apsOverChannelLimit"', '"demandGrowthSource":"measured trend"']) expect(shown).toContain(figure);
    expect(summarised).toEqual(readWhole);
  }, 60_000);
});
