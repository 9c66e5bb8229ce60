// The queries the API and the planner ask of any store, computed here over Store.range so both
// backends answer them alike: a field over time in steps, per series or summed across them, and the
// busy-hour grid (weekday × hour) in which a school's timetable shows.
import { localWeekTime } from '../models/local-time.ts';
import { percentile } from '../models/statistics.ts';
import type { Point, RawMeasurement } from './point.ts';
import { HOUR_MS, ROLLUPS } from './rollup.ts';
import type { Store, TagFilter } from './store.ts';

export const aggregations = ['mean', 'max', 'p95'] as const;
export type Aggregation = (typeof aggregations)[number];

export interface SeriesQuery {
  measurement: RawMeasurement;
  field: string;
  filter?: TagFilter;
  from: number;
  to: number;
  /** Bucket width; buckets start at multiples of it since the epoch, as InfluxDB's GROUP BY time(). */
  stepMs: number;
  aggregation: Aggregation;
  /** Combine the series of each bucket into one: the building's total clients, say. */
  across?: 'sum' | 'max';
  /** Refuse (TooManyPointsError) rather than read more stored points than this. */
  maxPoints?: number;
}

/** A query would read more stored points than its bound allows; nothing was read. */
export class TooManyPointsError extends Error {
  override name = 'TooManyPointsError';
  constructor(
    readonly points: number,
    readonly limit: number,
    /** Whether the points were raw ones (a step under an hour), which the hourly roll-ups would spare. */
    readonly raw: boolean,
  ) {
    super(`the query would read ${points} stored points, more than ${limit}`);
  }
}

export interface AggregatedSeries {
  tags: Record<string, string>;
  /** Where the values came from: raw points, or hourly roll-ups for steps of whole hours. */
  source: 'raw' | 'hourly';
  points: { time: number; value: number }[];
}

/**
 * A field in steps. Steps of whole hours read the hourly roll-ups (kept for years): the mean is
 * weighted by each hour's samples, the max is the largest hourly max, and p95 is the 95th percentile
 * of the hourly p95s (exact for one-hour steps). Shorter steps read raw points.
 */
export async function aggregateSeries(store: Store, q: SeriesQuery): Promise<AggregatedSeries[]> {
  const rollup = ROLLUPS[q.measurement];
  const hourly = rollup !== undefined && q.stepMs >= HOUR_MS && q.stepMs % HOUR_MS === 0 && rollup.fields.includes(q.field);
  const fields = !hourly ? [q.field] : q.aggregation === 'mean' ? [`${q.field}_mean`, 'samples'] : [`${q.field}_${q.aggregation}`];
  const range = { measurement: hourly ? rollup.into : q.measurement, filter: q.filter, from: q.from, to: q.to, fields };
  if (q.maxPoints !== undefined) {
    const stored = await store.count(range);
    if (stored > q.maxPoints) throw new TooManyPointsError(stored, q.maxPoints, !hourly);
  }
  const points = await store.range(range);
  const reading = hourly ? hourlyReading(q.field, q.aggregation) : rawReading(q.field, q.aggregation);
  const bySeries = new Map<string, { tags: Record<string, string>; buckets: Map<number, Point[]> }>();
  for (const p of points) {
    const key = quickKey(p.tags);
    let series = bySeries.get(key);
    if (!series) bySeries.set(key, (series = { tags: p.tags, buckets: new Map() }));
    const bucket = Math.floor(p.time / q.stepMs) * q.stepMs;
    const list = series.buckets.get(bucket);
    if (list) list.push(p);
    else series.buckets.set(bucket, [p]);
  }
  const source = hourly ? ('hourly' as const) : ('raw' as const);
  const result: AggregatedSeries[] = [];
  for (const { tags, buckets } of bySeries.values()) {
    const values = [...buckets].map(([time, list]) => ({ time, value: reading(list) })).filter((v): v is { time: number; value: number } => v.value !== undefined);
    if (values.length > 0) result.push({ tags, source, points: values.sort((a, b) => a.time - b.time) });
  }
  return q.across ? [combine(result, q.across, q.filter ?? {}, source)] : result;
}

/**
 * A series' key within one answer: a store gives every point of a series its tags in the same order,
 * so there is no need to sort them (seriesKey's cost, paid per point, was most of a year's query).
 */
function quickKey(tags: Record<string, string>): string {
  let key = '';
  for (const k in tags) key += `${k}\u0000${tags[k]}\u0001`;
  return key;
}

type Reading = (points: Point[]) => number | undefined;

function rawReading(field: string, aggregation: Aggregation): Reading {
  return (points) => summarise(points.map((p) => p.fields[field]).filter((v): v is number => v !== undefined), aggregation);
}

function hourlyReading(field: string, aggregation: Aggregation): Reading {
  if (aggregation !== 'mean') return (points) => summarise(points.map((p) => p.fields[`${field}_${aggregation}`]).filter((v): v is number => v !== undefined), aggregation === 'max' ? 'max' : 'p95');
  return (points) => {
    let sum = 0;
    let samples = 0;
    for (const p of points) {
      const mean = p.fields[`${field}_mean`];
      if (mean === undefined) continue;
      const n = p.fields.samples ?? 1;
      sum += mean * n;
      samples += n;
    }
    return samples > 0 ? sum / samples : undefined;
  };
}

function summarise(values: number[], aggregation: Aggregation): number | undefined {
  if (values.length === 0) return undefined;
  if (aggregation === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  if (aggregation === 'max') return values.reduce((a, b) => Math.max(a, b));
  return percentile(values, 95);
}

function combine(series: AggregatedSeries[], how: 'sum' | 'max', tags: Record<string, string>, source: AggregatedSeries['source']): AggregatedSeries {
  const byTime = new Map<number, number>();
  for (const s of series) {
    for (const { time, value } of s.points) {
      const seen = byTime.get(time);
      byTime.set(time, seen === undefined ? value : how === 'sum' ? seen + value : Math.max(seen, value));
    }
  }
  return { tags, source, points: [...byTime].map(([time, value]) => ({ time, value })).sort((a, b) => a.time - b.time) };
}

export interface BusyHourCell {
  /** 1 = Monday … 7 = Sunday, local time. */
  weekday: number;
  /** Local hour, 0 … 23. */
  hour: number;
  /** Mean and largest of the hourly values that fell in this cell, and how many hours there were. */
  mean: number;
  max: number;
  hours: number;
}

/**
 * The weekday × hour grid of a field's hourly values (from the roll-ups, at `aggregation`), local to
 * the municipality: lessons, breaks and weekends show as rows and columns. Series are combined per
 * hour first (`across`), so a building's APs give the building's clients.
 */
export async function busyHourGrid(
  store: Store,
  q: Omit<SeriesQuery, 'stepMs' | 'across'> & { across: 'sum' | 'max'; timeZone: string },
): Promise<BusyHourCell[]> {
  const [hourly] = await aggregateSeries(store, { ...q, stepMs: HOUR_MS });
  const cells = new Map<string, { weekday: number; hour: number; values: number[] }>();
  for (const { time, value } of hourly?.points ?? []) {
    const local = localWeekTime(time, q.timeZone);
    const hour = Math.floor(local.minuteOfDay / 60);
    const key = `${local.weekday}|${hour}`;
    const cell = cells.get(key);
    if (cell) cell.values.push(value);
    else cells.set(key, { weekday: local.weekday, hour, values: [value] });
  }
  return [...cells.values()]
    .map(({ weekday, hour, values }) => ({ weekday, hour, mean: values.reduce((a, b) => a + b, 0) / values.length, max: values.reduce((a, b) => Math.max(a, b)), hours: values.length }))
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}
