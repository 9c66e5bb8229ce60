// Hourly roll-ups: per series and hour, the mean, maximum and 95th percentile of the fields planning
// and history need, and how many samples they summarise. Pure: points in, points out. Rolling the
// same hour again gives the same points, which replace the stored ones, so a roll-up is idempotent.
// Each roll-up also says whether its hour is a school hour where its municipality is, so a store can
// pick a month's school hours by a field (InfluxQL cannot pick weekdays or OR time ranges).
import { inBusyHours, percentile } from '../models/statistics.ts';
import type { Point, RawMeasurement, RollupMeasurement } from './point.ts';
import { seriesKey, type Store, type TagFilter } from './store.ts';

export const HOUR_MS = 3_600_000;
const MARK_SLICE_MS = 6 * HOUR_MS;

/** Which raw measurements are rolled up, into what, and which of their fields. */
export const ROLLUPS: Partial<Record<RawMeasurement, { into: RollupMeasurement; fields: readonly string[] }>> = {
  interface: { into: 'interface_1h', fields: ['utilisation', 'in_bps', 'out_bps'] },
  access_point: { into: 'access_point_1h', fields: ['clients', 'channel_utilisation', 'up'] },
  radio: { into: 'radio_1h', fields: ['clients', 'channel_utilisation'] },
  device: { into: 'device_1h', fields: ['up', 'cpu_load', 'poll_ms'] },
  traffic: { into: 'traffic_1h', fields: ['in_bps', 'out_bps'] },
};

export const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;

/** A point's IANA time zone, told by its tags (its municipality's). */
export type TimeZoneOf = (tags: Readonly<Record<string, string>>) => string;

/**
 * 1 on a roll-up whose hour is a school hour (models/statistics.ts inBusyHours) in its municipality's
 * time zone, else 0. A roll-up written before the field existed has neither.
 */
export const SCHOOL_HOURS = 'school_hours';

/**
 * An interface hour's busier direction: the larger of its in and out p95, the figure a line is
 * planned on, kept so a store can rank it without crossing both into JavaScript.
 */
export const BUSIER_BPS_P95 = 'busier_bps_p95';

/** An interface roll-up's busier direction (bit/s), kept or not; undefined where it has no in-rate. */
export const busierBps = (fields: Readonly<Record<string, number>>): number | undefined => (fields.in_bps_p95 === undefined ? undefined : Math.max(fields.in_bps_p95, fields.out_bps_p95 ?? 0));

/**
 * The roll-up points for raw points of one measurement: one per series and hour they fall in. Their
 * school hours are marked where `timeZoneOf` is given: always for roll-ups that are stored.
 */
export function rollUp(measurement: RawMeasurement, points: readonly Point[], timeZoneOf?: TimeZoneOf): Point[] {
  const spec = ROLLUPS[measurement];
  if (!spec) return [];
  const out: Point[] = [];
  for (const group of bySeriesAndStep(points, hourOf)) {
    const fields: Record<string, number> = { samples: group.points.length };
    for (const field of spec.fields) {
      const values = group.points.map((p) => p.fields[field]).filter((v): v is number => v !== undefined);
      if (values.length === 0) continue;
      fields[`${field}_mean`] = values.reduce((a, b) => a + b, 0) / values.length;
      fields[`${field}_max`] = values.reduce((a, b) => Math.max(a, b));
      fields[`${field}_p95`] = percentile(values, 95)!;
    }
    const rolled = { measurement: spec.into, tags: { ...group.tags }, fields, time: group.start };
    out.push(timeZoneOf ? marked(rolled, timeZoneOf) : rolled);
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Points grouped per series and step (`stepOf` a time gives its step's start): what a roll-up summarises. */
export function bySeriesAndStep(points: readonly Point[], stepOf: (time: number) => number): { tags: Record<string, string>; start: number; points: Point[] }[] {
  type Group = { tags: Record<string, string>; start: number; points: Point[] };
  const bySeries = new Map<string, Map<number, Group>>();
  // Stores share one tags object among a series' points: its key is made once, not per point (a
  // county's week of hourly roll-ups is 6 million points).
  const keys = new WeakMap<object, Map<number, Group>>();
  for (const p of points) {
    let steps = keys.get(p.tags);
    if (!steps) {
      const key = seriesKey(p.tags);
      steps = bySeries.get(key);
      if (!steps) bySeries.set(key, (steps = new Map()));
      keys.set(p.tags, steps);
    }
    const start = stepOf(p.time);
    let group = steps.get(start);
    if (!group) steps.set(start, (group = { tags: p.tags, start, points: [] }));
    group.points.push(p);
  }
  return [...bySeries.values()].flatMap((steps) => [...steps.values()]);
}

/** A roll-up with its school-hour mark and, for an interface, its busier direction. */
export function marked(rollup: Point, timeZoneOf: TimeZoneOf): Point {
  const fields: Record<string, number> = { ...rollup.fields, [SCHOOL_HOURS]: inBusyHours(rollup.time, timeZoneOf(rollup.tags)) ? 1 : 0 };
  const busier = busierBps(fields);
  if (busier !== undefined) fields[BUSIER_BPS_P95] = busier;
  return { ...rollup, fields };
}

/**
 * Marks the roll-ups of `measurement` in a window that were made before marking existed, six hours
 * at a time (a county's radios are some 126,000 roll-ups in six hours), each written again whole,
 * replacing itself. Returns how many were marked.
 */
export async function markOlderRollups(store: Store, measurement: RollupMeasurement, filter: TagFilter, window: { from: number; to: number }, timeZoneOf: TimeZoneOf): Promise<number> {
  let count = 0;
  for (let from = window.from; from < window.to; from += MARK_SLICE_MS) {
    const unmarked = (await store.range({ measurement, filter, from, to: Math.min(from + MARK_SLICE_MS, window.to) })).filter((p) => p.fields[SCHOOL_HOURS] === undefined);
    if (unmarked.length > 0) await store.write(unmarked.map((p) => marked(p, timeZoneOf)));
    count += unmarked.length;
  }
  return count;
}
