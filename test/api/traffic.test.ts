// Each school line's busy hour over four weeks of traffic-class roll-ups, as the dashboard's traffic
// section reads it: the hour all classes together carried the most, with each class in it, the same
// whether the server kept it with the plan's load summaries or it was found on the spot.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { RollupCache } from '../../api/rollup-cache.ts';
import { keepLoadSummaries } from '../../planning/load-summaries.ts';
import { placeOf } from '../../planning/plan-inputs.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { config, NOW, rollups } from '../fixtures/plan-rollups.ts';

interface Answer {
  schools: { school: string; mix: { busyHour: number; totalMbps: number; source: string; classes: { id: string; mbps: number }[] } | null }[];
}

/** The busiest hour of a school's class roll-ups and each class's Mbit/s in it, summed here from the points. */
function busiestOf(points: Point[], school: string): { time: number; byClass: Map<string, number> } {
  const mine = points.filter((p) => p.measurement === 'traffic_1h' && p.tags.school === school);
  const totals = new Map<number, number>();
  for (const p of mine) totals.set(p.time, (totals.get(p.time) ?? 0) + p.fields.in_bps_mean!);
  const time = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { time, byClass: new Map(mine.filter((p) => p.time === time).map((p) => [p.tags.class!, p.fields.in_bps_mean! / 1e6])) };
}

describe('the busy hour of each school line', () => {
  it('is the hour all classes together carried the most, with every class in it, kept or found on the spot', async () => {
    const points = rollups(true);
    const store = new EmbeddedStore(':memory:');
    await store.write(points);
    const municipality = config.municipalities[0]!;
    const flowLines = placeOf(config, municipality).flowLines;
    const ask = async () => {
      const app = createApp({ config, store, rollupCache: new RollupCache(), now: () => NOW });
      const res = await app.request(`/api/v1/traffic/busy-hours?municipality=${municipality.id}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Answer;
    };
    const onTheSpot = await ask();
    expect(onTheSpot.schools.map((s) => s.school).sort()).toEqual([...flowLines].sort());
    for (const { school, mix } of onTheSpot.schools) {
      const expected = busiestOf(points, school);
      expect(mix!.busyHour, school).toBe(expected.time);
      expect(mix!.source).toBe('hourly roll-ups');
      const total = [...expected.byClass.values()].reduce((a, b) => a + b, 0);
      expect(mix!.totalMbps).toBeCloseTo(total, 6);
      for (const [id, mbps] of expected.byClass) expect(mix!.classes.find((c) => c.id === id)?.mbps, id).toBeCloseTo(mbps, 6);
    }
    // Kept by the server after maintenance: the same answer, however the traffic roll-ups change after.
    await keepLoadSummaries(store, [placeOf(config, municipality)], NOW);
    await store.deleteBefore('traffic_1h', NOW + 1);
    expect(await ask()).toEqual(onTheSpot);
    await store.close();
  }, 60_000);

  it('is null for a line that exports flows but has no traffic stored yet', async () => {
    const store = new EmbeddedStore(':memory:');
    const app = createApp({ config, store, now: () => NOW });
    const answer = (await (await app.request(`/api/v1/traffic/busy-hours?municipality=${config.municipalities[0]!.id}`)).json()) as Answer;
    expect(answer.schools.length).toBeGreaterThan(0);
    expect(answer.schools.every((s) => s.mix === null)).toBe(true);
    await store.close();
  });
});
