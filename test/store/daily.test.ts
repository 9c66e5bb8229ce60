// Daily roll-ups made of hourly ones: one per series and UTC day, each figure from the hours that
// have it. (That a one-day step reads the same from them as from the hours is in the store contract.)
import { describe, expect, it } from 'vitest';
import { rollUpDays } from '../../store/daily.ts';
import type { Point } from '../../store/point.ts';

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.parse('2026-11-23T00:00:00Z');
const hour = (time: number, school: string, fields: Record<string, number>): Point => ({ measurement: 'traffic_1h', tags: { municipality: 'm', school, class: 'updates' }, fields, time });

describe('daily roll-ups', () => {
  it('make one point per series and UTC day: samples summed, the mean weighted by them, the largest max, the p95 of the p95s', () => {
    const hours = [
      hour(MONDAY + 8 * H, 's1', { samples: 60, in_bps_mean: 10, in_bps_max: 40, in_bps_p95: 30 }),
      hour(MONDAY + 9 * H, 's1', { samples: 20, in_bps_mean: 50, in_bps_max: 90, in_bps_p95: 80 }),
      hour(MONDAY + 23 * H, 's2', { samples: 60, in_bps_mean: 5, in_bps_max: 6, in_bps_p95: 6 }),
      hour(MONDAY + DAY, 's2', { samples: 60, in_bps_mean: 7, in_bps_max: 8, in_bps_p95: 8 }),
    ];
    const days = rollUpDays('traffic_1h', hours);
    expect(days.map((d) => [d.measurement, d.tags.school, new Date(d.time).toISOString().slice(0, 10)])).toEqual([
      ['traffic_1d', 's1', '2026-11-23'],
      ['traffic_1d', 's2', '2026-11-23'],
      ['traffic_1d', 's2', '2026-11-24'],
    ]);
    expect(days[0]!.fields).toEqual({ samples: 80, hours: 2, in_bps_mean: (10 * 60 + 50 * 20) / 80, in_bps_max: 90, in_bps_p95: 80 });
    expect(days[0]!.tags).toEqual(hours[0]!.tags);
  });

  it('leave out a figure no hour has, rather than make one up', () => {
    // Hours with only a mean (written before maxima were kept, or by another tool): no max, no p95.
    const [day] = rollUpDays('traffic_1h', [hour(MONDAY, 's1', { samples: 60, in_bps_mean: 4 }), hour(MONDAY + H, 's1', { samples: 60, in_bps_mean: 6, in_bps_max: 9 })]);
    expect(day!.fields).toEqual({ samples: 120, hours: 2, in_bps_mean: 5, in_bps_max: 9 });
  });
});
