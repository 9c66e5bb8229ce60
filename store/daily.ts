// Daily roll-ups: per series and UTC day, that day's hourly roll-ups summed up, so a chart of a year
// reads 365 values per series instead of 8,760 (issue 19, goal 3). Each holds what a one-day step of
// the hourly roll-ups gives (store/queries.ts): the samples-weighted mean, the largest maximum and the
// 95th percentile of the hours' p95s, so a one-day step reads the same from either. Maintenance makes
// a day once it is whole, and a week of older days per run for an install that had only hourly ones.
import { percentile } from '../models/statistics.ts';
import type { DailyMeasurement, Point, RollupMeasurement } from './point.ts';
import { bySeriesAndStep, HOUR_MS, ROLLUPS } from './rollup.ts';
import type { Store, TagFilter } from './store.ts';

export const DAY_MS = 24 * HOUR_MS;
export const dayOf = (time: number) => Math.floor(time / DAY_MS) * DAY_MS;

/** Older days rolled up per maintenance run, per measurement and partition in one read. */
export const BACKFILL_DAYS = 7;

/** Each hourly roll-up's daily one, and the fields rolled up (as the raw measurement names them). */
export const DAILY: Record<RollupMeasurement, { into: DailyMeasurement; fields: readonly string[] }> = {
  interface_1h: { into: 'interface_1d', fields: ROLLUPS.interface!.fields },
  access_point_1h: { into: 'access_point_1d', fields: ROLLUPS.access_point!.fields },
  radio_1h: { into: 'radio_1d', fields: ROLLUPS.radio!.fields },
  device_1h: { into: 'device_1d', fields: ROLLUPS.device!.fields },
  traffic_1h: { into: 'traffic_1d', fields: ROLLUPS.traffic!.fields },
};

/** The daily roll-ups of hourly ones: one per series and UTC day they fall in. */
export function rollUpDays(measurement: RollupMeasurement, hours: readonly Point[]): Point[] {
  const spec = DAILY[measurement];
  const out: Point[] = [];
  for (const { tags, start: day, points: inDay } of bySeriesAndStep(hours, dayOf)) {
    const fields: Record<string, number> = { samples: inDay.reduce((n, h) => n + (h.fields.samples ?? 1), 0), hours: inDay.length };
    for (const field of spec.fields) {
      // As a one-day step of the hourly roll-ups weighs and ranks them: each figure from the hours that have it.
      const having = (stat: string) => inDay.filter((h) => h.fields[`${field}_${stat}`] !== undefined);
      const [means, maxima, p95s] = [having('mean'), having('max'), having('p95')];
      if (means.length > 0) {
        const weights = means.reduce((n, h) => n + (h.fields.samples ?? 1), 0);
        fields[`${field}_mean`] = means.reduce((n, h) => n + h.fields[`${field}_mean`]! * (h.fields.samples ?? 1), 0) / weights;
      }
      if (maxima.length > 0) fields[`${field}_max`] = Math.max(...maxima.map((h) => h.fields[`${field}_max`]!));
      if (p95s.length > 0) fields[`${field}_p95`] = percentile(p95s.map((h) => h.fields[`${field}_p95`]!), 95)!;
    }
    out.push({ measurement: spec.into, tags: { ...tags }, fields, time: day });
  }
  return out.sort((a, b) => a.time - b.time);
}

/**
 * Rolls up the whole days in [from, to) (day starts) of one hourly measurement, partition by
 * partition, up to BACKFILL_DAYS per read. Rolling a day up again gives the same points, which
 * replace the stored ones. Returns how many were written.
 */
export async function rollUpDaysIn(store: Store, measurement: RollupMeasurement, span: { from: number; to: number }, partitions: readonly TagFilter[]): Promise<number> {
  let written = 0;
  for (let from = span.from; from < span.to; from += BACKFILL_DAYS * DAY_MS) {
    const to = Math.min(span.to, from + BACKFILL_DAYS * DAY_MS);
    for (const filter of partitions) {
      const days = rollUpDays(measurement, await store.range({ measurement, filter, from, to }));
      if (days.length > 0) await store.write(days);
      written += days.length;
    }
  }
  return written;
}
