// The plan's measured load from roll-ups marked with their school hours (summarised by the store)
// and from roll-ups made before marking existed (read whole and sifted in JavaScript): the same.
import { describe, expect, it } from 'vitest';
import { inBusyHours } from '../../models/statistics.ts';
import { planMunicipality, type MunicipalityPlan } from '../../planning/plan-inputs.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import type { Store } from '../../store/store.ts';

const config = demoConfig();
const H = 3_600_000;
const NOW = Date.parse('2026-11-24T10:30:00Z');
const YEAR = 52 * 7 * 24 * H;

/** Four weeks of hourly roll-ups now and the same weeks a year ago, for every building and line of the demo. */
function rollups(marked: boolean): Point[] {
  let seed = 7;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const points: Point[] = [];
  const mark = (time: number, fields: Record<string, number>) => (marked ? { ...fields, school_hours: inBusyHours(time, 'Europe/Oslo') ? 1 : 0 } : fields);
  const line = (time: number, busy: number, tags: Record<string, string>): Point => {
    const fields = { samples: 60, in_bps_p95: (20 + random() * 80 * busy) * 1e6, out_bps_p95: (5 + random() * 90 * busy) * 1e6 };
    return { measurement: 'interface_1h', tags, fields: mark(time, marked ? { ...fields, busier_bps_p95: Math.max(fields.in_bps_p95, fields.out_bps_p95) } : fields), time };
  };
  for (const start of [NOW - 28 * 24 * H, NOW - YEAR - 28 * 24 * H]) {
    for (let time = Math.ceil(start / H) * H; time <= start + 28 * 24 * H; time += H) {
      const busy = inBusyHours(time, 'Europe/Oslo') ? 1 : 0.2;
      for (const school of config.schools) {
        const base = { municipality: school.municipality, school: school.id };
        if (school.internet) points.push(line(time, busy, { ...base, device: 'router', interface: 'wan', link: 'internet' }));
        for (const building of school.buildings) {
          const at = { ...base, building: building.id };
          points.push(line(time, busy, { ...at, device: `${building.id}-sw`, interface: 'up', link: 'uplink' }));
          for (let a = 1; a <= 10; a++) {
            const ap = `${building.id}-ap${a}`;
            points.push({ measurement: 'access_point_1h', tags: { ...at, ap }, fields: mark(time, { samples: 60, clients_p95: Math.floor(random() * 30 * busy), channel_utilisation_p95: random() * 0.8 * busy }), time });
            for (const [radio, band] of [['1', '2.4GHz'], ['2', '5GHz']]) {
              points.push({ measurement: 'radio_1h', tags: { ...at, ap, radio: radio!, band: band! }, fields: mark(time, { samples: 60, clients_p95: Math.floor(random() * 20 * busy), channel_utilisation_p95: random() * 90 * busy }), time });
            }
          }
        }
      }
    }
  }
  return points;
}

/** The store as it is, counting the roll-up rows that cross into JavaScript. */
function counting(store: Store): { store: Store; rows: () => number } {
  let rows = 0;
  const read = async (q: Parameters<Store['range']>[0]) => {
    const points = await store.range(q);
    if (q.measurement.endsWith('_1h')) rows += points.length;
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
