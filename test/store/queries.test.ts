// The bound on what one answer reads, where a one-day step reads in parts: days from the daily
// roll-ups, the hours around them and the days not rolled up yet from the hourly ones.
import { describe, expect, it } from 'vitest';
import { DAY_MS, rollUpDays } from '../../store/daily.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { aggregateSeries, TooManyPointsError } from '../../store/queries.ts';

const H = 3_600_000;
const START = Date.parse('2026-11-10T00:00:00Z');
const NOW = START + 10 * DAY_MS + 5 * H;

describe('a one-day step over daily and hourly roll-ups', () => {
  it('counts every part of the answer against its bound: answered at the bound, refused one point under it', async () => {
    const store = new EmbeddedStore(':memory:');
    const hours: Point[] = [];
    for (const ap of ['ap1', 'ap2', 'ap3']) {
      for (let t = START; t < NOW; t += H) hours.push({ measurement: 'access_point_1h', tags: { municipality: 'm', building: 'b1', ap }, fields: { clients_max: 10, samples: 60 }, time: t });
    }
    // Only the last three whole days are rolled up: the seven before are read from the hourly roll-ups.
    const rolledUp = { from: START + 7 * DAY_MS, to: START + 10 * DAY_MS };
    await store.write([...hours, ...rollUpDays('access_point_1h', hours.filter((h) => h.time >= rolledUp.from && h.time < rolledUp.to))]);
    const q = { measurement: 'access_point' as const, field: 'clients', filter: { building: 'b1' }, from: START + 9 * H, to: NOW, stepMs: DAY_MS, aggregation: 'max' as const, across: 'sum' as const };
    // 3 APs × (15 hours of the first day + 6 more days of hours + 3 days + 5 hours of today).
    const read = 3 * (15 + 6 * 24 + 3 + 5);
    const [series] = await aggregateSeries(store, { ...q, maxPoints: read });
    expect(series!.source).toBe('daily');
    expect(series!.points.map((p) => p.value)).toEqual(Array.from({ length: 11 }, () => 30));
    const refused = await aggregateSeries(store, { ...q, maxPoints: read - 1 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TooManyPointsError);
    expect((refused as TooManyPointsError).points).toBe(read);
    await store.close();
  });
});
