import { describe, expect, it } from 'vitest';
import type { Point } from '../../store/point.ts';
import { summariseFromPoints } from '../../store/summary.ts';

const H = 3_600_000;
const T = Date.parse('2026-11-24T08:00:00Z');
const hour = (ap: string, n: number, fields: Record<string, number>): Point => ({ measurement: 'access_point_1h', tags: { building: 'b1', ap }, fields: { samples: 60, ...fields }, time: T + n * H });

describe('a summary of roll-ups per group', () => {
  it('takes percentiles and peaks over school hours only, and counts every hour in the totals', () => {
    const points = [
      hour('ap1', 0, { school_hours: 1, clients_p95: 10, channel_utilisation_p95: 50 }),
      hour('ap1', 1, { school_hours: 1, clients_p95: 20, channel_utilisation_p95: 70 }),
      // Evening: the busiest figures of all, and not a school hour.
      hour('ap1', 9, { school_hours: 0, clients_p95: 100, channel_utilisation_p95: 99 }),
      hour('ap2', 0, { school_hours: 1, clients_p95: 5, channel_utilisation_p95: 30 }),
      // Made before hours were marked: neither in school hours nor out of them.
      hour('ap2', 1, { clients_p95: 50 }),
    ];
    const [b1] = summariseFromPoints(points, { measurement: 'access_point_1h', from: 0, to: Infinity, groupBy: ['building'], p95: ['channel_utilisation_p95'], peakSum: ['clients_p95'], totals: ['samples'] });
    expect(b1).toEqual({
      tags: { building: 'b1' },
      schoolHours: 3,
      // Rank ⌊0.95 × 3 + ½⌋ = 3 of 30, 50, 70.
      p95: { channel_utilisation_p95: 70 },
      // 10 + 5 at the first hour, 20 at the second.
      peakSum: { clients_p95: 20 },
      totals: { rows: 5, unmarked: 1, first: T, last: T + 9 * H, sums: { samples: 300 } },
    });
  });

  it('leaves out a group with no school hours unless totals are asked for', () => {
    const evening = [hour('ap1', 9, { school_hours: 0, clients_p95: 3 })];
    const q = { measurement: 'access_point_1h' as const, from: 0, to: Infinity, groupBy: ['ap'], peakSum: ['clients_p95'] };
    expect(summariseFromPoints(evening, q)).toEqual([]);
    expect(summariseFromPoints(evening, { ...q, totals: [] })).toEqual([{ tags: { ap: 'ap1' }, schoolHours: 0, p95: {}, peakSum: {}, totals: { rows: 1, unmarked: 0, first: T + 9 * H, last: T + 9 * H, sums: {} } }]);
  });
});
