import { describe, expect, it } from 'vitest';
import { localWeekTime } from '../../models/local-time.ts';
import { latestLessonStart, noise, schoolDayActivity } from '../../simulator/school-day.ts';

const OSLO = 'Europe/Oslo';

describe('the simulated school day', () => {
  it('is busy in lessons, quieter in breaks, and near empty at night and at weekends', () => {
    const at = (iso: string) => schoolDayActivity(localWeekTime(Date.parse(iso), OSLO));
    expect(at('2026-11-24T09:30:00+01:00')).toEqual({ present: 0.92, intensity: 1 });
    expect(at('2026-11-24T09:05:00+01:00').intensity).toBeLessThan(0.5);
    expect(at('2026-11-24T23:00:00+01:00').present).toBeLessThan(0.05);
    expect(at('2026-11-22T10:00:00+01:00').present).toBeLessThan(0.05);
  });

  it('starts the demo clock at the latest full lesson: this one, or Friday 10:15 from a Sunday evening', () => {
    expect(new Date(latestLessonStart(Date.parse('2026-11-24T09:32:10+01:00'), OSLO)).toISOString()).toBe('2026-11-24T08:15:00.000Z');
    expect(new Date(latestLessonStart(Date.parse('2026-11-22T20:00:00+01:00'), OSLO)).toISOString()).toBe('2026-11-20T09:15:00.000Z');
  });

  it('gives the same noise for the same seed, key and bucket, and other noise otherwise', () => {
    expect(noise(1, 'b1', 7)).toBe(noise(1, 'b1', 7));
    expect(new Set([noise(1, 'b1', 7), noise(2, 'b1', 7), noise(1, 'b2', 7), noise(1, 'b1', 8)]).size).toBe(4);
  });
});
