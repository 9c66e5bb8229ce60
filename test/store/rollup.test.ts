import { describe, expect, it } from 'vitest';
import type { Point } from '../../store/point.ts';
import { rollUp } from '../../store/rollup.ts';

// Friday 2026-11-27 and Saturday 2026-11-28; Oslo is UTC+1 in winter, Helsinki UTC+2.
const at = (iso: string, municipality: string, inBps: number, outBps?: number): Point => ({
  measurement: 'interface',
  tags: { municipality, school: 's', building: 'b', device: 'sw', interface: 'up', link: 'uplink' },
  fields: { in_bps: inBps, ...(outBps !== undefined ? { out_bps: outBps } : {}), utilisation: 0.1 },
  time: Date.parse(iso),
});
const zones: Record<string, string> = { oslo: 'Europe/Oslo', helsinki: 'Europe/Helsinki' };
const zoneOf = (tags: Readonly<Record<string, string>>) => zones[tags.municipality!]!;

describe('hourly roll-ups', () => {
  it("mark each hour as a school hour or not in the series' own municipality's time zone", () => {
    const marks = (municipality: string) =>
      rollUp('interface', ['2026-11-27T06:30:00Z', '2026-11-27T07:10:00Z', '2026-11-27T13:50:00Z', '2026-11-27T14:10:00Z', '2026-11-28T10:00:00Z'].map((t) => at(t, municipality, 1e6)), zoneOf).map((p) => [
        new Date(p.time).toISOString().slice(0, 13),
        p.fields.school_hours,
      ]);
    // Oslo: 07:30 is before school, 08:10 and 14:50 are in, 15:10 is out, and Saturday is out.
    expect(marks('oslo')).toEqual([
      ['2026-11-27T06', 0],
      ['2026-11-27T07', 1],
      ['2026-11-27T13', 1],
      ['2026-11-27T14', 0],
      ['2026-11-28T10', 0],
    ]);
    // The same instants in Helsinki are an hour later on the clock.
    expect(marks('helsinki')).toEqual([
      ['2026-11-27T06', 1],
      ['2026-11-27T07', 1],
      ['2026-11-27T13', 0],
      ['2026-11-27T14', 0],
      ['2026-11-28T10', 0],
    ]);
  });

  it("keep each interface hour's busier direction, and mark nothing when no time zone is given", () => {
    const hour = (points: Point[]) => rollUp('interface', points, zoneOf)[0]!.fields;
    expect(hour([at('2026-11-27T09:00:00Z', 'oslo', 4e6, 9e6), at('2026-11-27T09:30:00Z', 'oslo', 5e6, 1e6)])).toMatchObject({ in_bps_p95: 5e6, out_bps_p95: 9e6, busier_bps_p95: 9e6 });
    // A line that reports only one direction is planned on that one.
    expect(hour([at('2026-11-27T09:00:00Z', 'oslo', 4e6)]).busier_bps_p95).toBe(4e6);
    expect(rollUp('interface', [at('2026-11-27T09:00:00Z', 'oslo', 4e6)])[0]!.fields).not.toHaveProperty('school_hours');
  });
});
