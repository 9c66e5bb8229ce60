// Local wall-clock time drives busy hours and the simulated school day: it must agree with the time
// zone database at every instant, across daylight-saving changes and in zones with odd offsets.
import { describe, expect, it } from 'vitest';
import { localWeekTime, schoolYearOf } from '../../models/local-time.ts';

/** The zone database's answer, read straight from Intl with no caching. */
function reference(epochMs: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1,
    minuteOfDay: Number(get('hour')) * 60 + Number(get('minute')),
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
  };
}

describe('localWeekTime', () => {
  // Oslo and Helsinki change on the hour; Lord Howe by half an hour; Kathmandu and St John's sit at
  // quarter- and half-hour offsets.
  const zones = ['Europe/Oslo', 'Europe/Helsinki', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
  const changes = ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-04-04T14:00:00Z', '2026-10-03T14:00:00Z', '2026-03-08T04:00:00Z', '2026-11-01T03:00:00Z'];

  it('agrees with the zone database minute by minute around each daylight-saving change', () => {
    for (const zone of zones) {
      for (const change of changes) {
        // Every 7 min 13 s over six hours around the change: instants off the minute and the hour.
        for (let t = Date.parse(change) - 3 * 3_600_000; t < Date.parse(change) + 3 * 3_600_000; t += 433_000) {
          expect(localWeekTime(t, zone), `${zone} at ${new Date(t).toISOString()}`).toEqual(reference(t, zone));
        }
      }
    }
  });

  it('names weekdays 1 (Monday) to 7 (Sunday) and the school year from August', () => {
    expect(localWeekTime(Date.parse('2026-11-22T22:59:00Z'), 'Europe/Oslo')).toMatchObject({ weekday: 7, minuteOfDay: 23 * 60 + 59, day: 22 });
    expect(localWeekTime(Date.parse('2026-11-22T23:00:00Z'), 'Europe/Oslo')).toMatchObject({ weekday: 1, minuteOfDay: 0, day: 23 });
    expect(schoolYearOf(Date.parse('2026-07-31T21:59:00Z'), 'Europe/Oslo')).toBe(2025);
    expect(schoolYearOf(Date.parse('2026-07-31T22:00:00Z'), 'Europe/Oslo')).toBe(2026);
  });
});
