import { describe, expect, it } from 'vitest';
import { limitCrossing, weeklyBusyP95 } from '../../models/trend.ts';

const WEEK = 7 * 86_400_000;
const T0 = Date.parse('2026-09-07T00:00:00Z'); // a Monday
const weeks = (...mbps: number[]) => mbps.map((value, i) => ({ time: T0 + i * WEEK + WEEK / 2, mbps: value }));

describe('busy-hour trend', () => {
  it('extends the line through weekly p95s to the day it meets the limit', () => {
    // 100 Mbit/s more each week from 400: 700 is met three weeks after the 400 week's middle.
    const crossing = limitCrossing(weeks(400, 500, 600), 700);
    expect(crossing).toEqual({ kind: 'ahead', date: T0 + WEEK / 2 + 3 * WEEK, mbpsPerWeek: 100 });
  });

  it('says reached, since the first week of the run over the limit, and never for a flat or falling load', () => {
    expect(limitCrossing(weeks(500, 720, 650, 710, 760), 700)).toEqual({ kind: 'reached', mbps: 760, since: T0 + 3 * WEEK });
    expect(limitCrossing(weeks(600, 600, 600), 700)).toEqual({ kind: 'never' });
    expect(limitCrossing(weeks(650, 600, 550), 700)).toEqual({ kind: 'never' });
    expect(limitCrossing(weeks(650), 700)).toEqual({ kind: 'never' });
  });

  it("takes each week's 95th percentile over school busy hours only", () => {
    // Tuesday 10:00 Oslo (busy) at 300, Tuesday 22:00 (night) at 900, in the first week.
    const hours = [
      { time: T0 + 86_400_000 + 9 * 3600_000, mbps: 300 },
      { time: T0 + 86_400_000 + 21 * 3600_000, mbps: 900 },
    ];
    expect(weeklyBusyP95(hours, T0, 'Europe/Oslo')).toEqual([{ time: T0 + WEEK / 2, mbps: 300 }]);
  });
});
