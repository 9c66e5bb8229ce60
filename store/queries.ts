// The queries the API and the planner ask of any store, computed here over Store.range so both
// backends answer them alike: a field over time in steps, per series or summed across them, and the
// busy-hour grid (weekday × hour) in which a school's timetable shows.
import { localWeekTime } from '../models/local-time.ts';
import { percentile } from '../models/statistics.ts';
import type { RawMeasurement } from './point.ts';
import { DAILY, DAY_MS, dayOf } from './daily.ts';
import { HOUR_MS, ROLLUPS } from './rollup.ts';
import type { LimitFunction } from 'p-limit';
import { quickKey, seriesKey, type RangeQuery, type Store, type TagFilter } from './store.ts';

export const aggregations = ['mean', 'max', 'p95'] as const;

/** Points read at a time by a large series query. */
const SLICE_POINTS = 20_000;
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
  /**
   * Large reads (over one slice of points) take turns through this limiter, so readers at once cost
   * the memory of one large read, not of all of them; small reads never wait behind them.
   */
  largeReads?: LimitFunction;
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

/** Where a series' values came from: raw points, hourly roll-ups for steps of whole hours, daily roll-ups for one-day steps. */
export type Source = 'raw' | 'hourly' | 'daily';

export interface AggregatedSeries {
  tags: Record<string, string>;
  /** For one-day steps 'daily', though the days not rolled up yet (today, say) come from the hourly roll-ups. */
  source: Source;
  points: { time: number; value: number }[];
}

/** Whether a query in whole-hour steps is answered from the hourly roll-ups rather than raw points. */
export function readsRollups(q: Pick<SeriesQuery, 'measurement' | 'field' | 'stepMs'>): boolean {
  const rollup = ROLLUPS[q.measurement];
  return rollup !== undefined && q.stepMs >= HOUR_MS && q.stepMs % HOUR_MS === 0 && rollup.fields.includes(q.field);
}

/**
 * A field in steps. Steps of whole hours read the hourly roll-ups (kept for years): the mean is
 * weighted by each hour's samples, the max is the largest hourly max, and p95 is the 95th percentile
 * of the hourly p95s (exact for one-hour steps). Steps of one day read the daily roll-ups, which hold
 * those same figures per day, and the hourly ones for the days not rolled up yet. Shorter steps read
 * raw points.
 */
export async function aggregateSeries(store: Store, q: SeriesQuery): Promise<AggregatedSeries[]>;
/**
 * The same, made into `finish(series)` within the large read's turn: what a reader is sent (its JSON)
 * is made while no other large read runs, so only the finished bytes wait for their turn to be sent.
 */
export async function aggregateSeries<R>(store: Store, q: SeriesQuery, finish: (series: AggregatedSeries[]) => R): Promise<R>;
export async function aggregateSeries<R>(store: Store, q: SeriesQuery, finish?: (series: AggregatedSeries[]) => R): Promise<R | AggregatedSeries[]> {
  // Combined across series (where asked) as late as possible: after the parts of a one-day step are joined.
  const finished = (source: Source) => (series: AggregatedSeries[]) => {
    const result = q.across ? [combine(series, q.across, q.filter ?? {}, source)] : series;
    return finish ? finish(result) : result;
  };
  /** The whole range from one source. */
  const whole = (source: Source) => readParts(store, q, [{ ...q, source }], ([series]) => finished(source)(series!));
  if (!readsRollups(q)) return whole('raw');
  if (q.stepMs !== DAY_MS) return whole('hourly');
  // The whole days in the range from the daily roll-ups, the hours before and after them (a range
  // starting mid-day, today) from the hourly ones: asked together, so a store that takes several
  // statements in one request (InfluxDB) gets them in two, the counts and the reads.
  const days = { from: dayOf(q.from + DAY_MS - 1), to: dayOf(q.to) };
  if (days.to <= days.from) return whole('hourly');
  const around = hourlyParts(q, [{ from: q.from, to: days.from }, { from: days.to, to: q.to }]);
  const [[daily, ...hours], stored] = await readParts(store, q, [{ ...q, ...days, source: 'daily' }, ...around], (parts, n) => [parts, n] as const);
  // Points are in time order per series; a loop, as a spread of 150,000 arguments would overflow.
  let covered: { from: number; to: number } | undefined;
  for (const { points } of daily!) {
    if (points.length === 0) continue;
    covered = { from: Math.min(covered?.from ?? Infinity, points[0]!.time), to: Math.max(covered?.to ?? -Infinity, points.at(-1)!.time + DAY_MS) };
  }
  // Days not rolled up yet (yesterday in the minutes after midnight, history the backfill has not
  // reached) from the hourly roll-ups.
  const gaps = hourlyParts(q, covered ? [{ from: days.from, to: covered.from }, { from: covered.to, to: days.to }] : [days]);
  const filled = gaps.length > 0 ? await readParts(store, q, gaps, (parts) => parts, stored) : [];
  return finished(covered ? 'daily' : 'hourly')(joined([daily!, ...hours, ...filled].flat(), covered ? 'daily' : 'hourly'));
}

/** A part of a query: its own span, read from one source. */
type Part = SeriesQuery & { source: Source };

/** The hourly parts of a query over these spans, leaving out empty ones. */
function hourlyParts(q: SeriesQuery, spans: { from: number; to: number }[]): Part[] {
  return spans.filter((s) => s.to > s.from).map((s) => ({ ...q, ...s, source: 'hourly' }));
}

/** Where a source's values are read: the measurement, and the fields an aggregation needs. */
function rangeOf(q: Part): RangeQuery {
  const hourly = ROLLUPS[q.measurement]?.into;
  const measurement = q.source === 'raw' ? q.measurement : q.source === 'hourly' ? hourly! : DAILY[hourly!].into;
  const fields = q.source === 'raw' ? [q.field] : q.aggregation === 'mean' ? [`${q.field}_mean`, 'samples'] : [`${q.field}_${q.aggregation}`];
  return { measurement, filter: q.filter, from: q.from, to: q.to, fields };
}

/**
 * Parts' series in steps, each series apart, made into `finish(series per part, stored points)`: all
 * counted first where a bound is asked for (the bound is on them together, and on the points the
 * answer's parts read `before`), then all read, in the large reads' turn where together they are large.
 */
async function readParts<R>(store: Store, q: SeriesQuery, parts: Part[], finish: (series: AggregatedSeries[][], stored: number) => R, before = 0): Promise<R> {
  const ranges = parts.map(rangeOf);
  const counted = q.maxPoints !== undefined || q.largeReads !== undefined;
  const stored = counted ? await Promise.all(ranges.map((range) => store.count(range))) : ranges.map(() => 0);
  const total = stored.reduce((a, b) => a + b, 0);
  if (q.maxPoints !== undefined && before + total > q.maxPoints) throw new TooManyPointsError(before + total, q.maxPoints, parts.some((p) => p.source === 'raw'));
  const readOne = async (part: Part, i: number) => (await pushedDown(store, part, ranges[i]!)) ?? (await readSeries(store, part, ranges[i]!, stored[i]!));
  const read = async () => finish(await Promise.all(parts.map(readOne)), total);
  return q.largeReads && total > SLICE_POINTS ? q.largeReads(read) : read();
}

/** Series read in parts (days apart from hours), joined per series: the parts cover different steps. */
function joined(parts: AggregatedSeries[], source: Source): AggregatedSeries[] {
  const bySeries = new Map<string, AggregatedSeries>();
  for (const part of parts) {
    // Keyed with sorted tags: parts come from different measurements.
    const key = seriesKey(part.tags);
    const series = bySeries.get(key);
    if (series) series.points.push(...part.points);
    else bySeries.set(key, { tags: part.tags, source, points: [...part.points] });
  }
  for (const series of bySeries.values()) series.points.sort((a, b) => a.time - b.time);
  return [...bySeries.values()];
}

/**
 * The store aggregates each series in steps where the data is; only combining across series is done
 * here. Undefined where the store cannot (or has no way to) make these steps itself.
 */
async function pushedDown(store: Store, q: Part, range: RangeQuery): Promise<AggregatedSeries[] | undefined> {
  const { source } = q;
  const weighted = source !== 'raw' && q.aggregation === 'mean';
  const steps = await store.aggregate?.({ measurement: range.measurement, filter: range.filter, from: q.from, to: q.to, stepMs: q.stepMs, field: range.fields![0]!, aggregation: q.aggregation, ...(weighted ? { weight: 'samples' } : {}) });
  if (!steps) return undefined;
  return steps.filter((s) => s.points.length > 0).map((s) => ({ tags: s.tags, source, points: s.points }));
}

async function readSeries(store: Store, q: Part, range: RangeQuery, stored: number): Promise<AggregatedSeries[]> {
  const { source } = q;
  // Buckets keep numbers, not points: what a year of readings needs, and no more.
  const valueField = source === 'raw' ? q.field : `${q.field}_${q.aggregation}`;
  const weighted = source !== 'raw' && q.aggregation === 'mean';
  const bySeries = new Map<string, { tags: Record<string, string>; buckets: Map<number, Bucket> }>();
  const keys = new WeakMap<object, string>();
  // A large read goes in slices of whole steps, each read and bucketed before the next: the points
  // of one slice are garbage young, and other work (polls, requests) runs between slices.
  const slices = Math.max(1, Math.ceil(stored / SLICE_POINTS));
  const sliceMs = Math.ceil((q.to - q.from) / slices / q.stepMs) * q.stepMs;
  for (let from = q.from; from < q.to; from += sliceMs) {
    for (const p of await store.range({ ...range, from, to: Math.min(q.to, from + sliceMs) })) {
      const value = p.fields[valueField];
      if (value === undefined) continue;
      // Stores share one tags object among a series' points; its key is made once.
      let key = keys.get(p.tags);
      if (key === undefined) keys.set(p.tags, (key = quickKey(p.tags)));
      let series = bySeries.get(key);
      if (!series) bySeries.set(key, (series = { tags: p.tags, buckets: new Map() }));
      const time = Math.floor(p.time / q.stepMs) * q.stepMs;
      let bucket = series.buckets.get(time);
      if (!bucket) series.buckets.set(time, (bucket = { values: [], weights: 0, weightedSum: 0 }));
      // An hour's mean counts as many times as it had samples.
      const weight = weighted ? (p.fields.samples ?? 1) : 1;
      bucket.values.push(value);
      bucket.weights += weight;
      bucket.weightedSum += value * weight;
    }
  }
  const result: AggregatedSeries[] = [];
  for (const { tags, buckets } of bySeries.values()) {
    const values = [...buckets].map(([time, bucket]) => ({ time, value: summarise(bucket, q.aggregation) }));
    if (values.length > 0) result.push({ tags, source, points: values.sort((a, b) => a.time - b.time) });
  }
  return result;
}

interface Bucket {
  values: number[];
  weights: number;
  weightedSum: number;
}

/**
 * A bucket's value: the (sample-weighted) mean, the largest, or the 95th percentile of its values;
 * from roll-ups those are the hours' means, maxima or p95s (exact for one-hour steps).
 */
function summarise(bucket: Bucket, aggregation: Aggregation): number {
  if (aggregation === 'mean') return bucket.weightedSum / bucket.weights;
  if (aggregation === 'max' || bucket.values.length === 1) return bucket.values.reduce((a, b) => Math.max(a, b));
  // A bucket exists only once a value is in it.
  return percentile(bucket.values, 95)!;
}

function combine(series: AggregatedSeries[], how: 'sum' | 'max', tags: Record<string, string>, source: Source): AggregatedSeries {
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
