// The one interface every time-series backend implements. The collector writes through it; the API
// and the planner read through it. Both adapters are held to test/store/contract.ts.
import type { Measurement, Point, RollupMeasurement } from './point.ts';

export type TagFilter = Record<string, string>;

/** A field in steps of `stepMs` (starting at multiples of it since the epoch), per series. */
export interface StepQuery {
  measurement: Measurement;
  filter?: TagFilter;
  from: number;
  to: number;
  stepMs: number;
  field: string;
  /** The nearest-rank 95th percentile, the largest, or the mean (weighted by `weight` where given). */
  aggregation: 'mean' | 'max' | 'p95';
  /** A field counting how many samples each point stands for: an hourly roll-up's `samples`. */
  weight?: string;
}

export interface StepSeries {
  tags: Record<string, string>;
  points: { time: number; value: number }[];
}

export interface RangeQuery {
  measurement: Measurement;
  filter?: TagFilter;
  /** Inclusive start and exclusive end, ms since the epoch. */
  from: number;
  to: number;
  /**
   * Only these fields, where a query needs one or two of many: the store leaves the rest unread,
   * and points with none of them out. All fields when absent.
   */
  fields?: string[];
}

/**
 * Per group of series (a building, an AP), statistics over a window of hourly roll-ups, most of them
 * over the roll-ups marked as school hours (store/rollup.ts): what the plan needs of four weeks of a
 * municipality, without the weeks' rows crossing into JavaScript.
 */
export interface SummaryQuery {
  measurement: RollupMeasurement;
  filter?: TagFilter;
  from: number;
  to: number;
  /** The tags that make a group; a series without one of them is grouped without it. */
  groupBy: readonly string[];
  /** Over school hours: each field's nearest-rank 95th percentile (models/statistics.ts), the group's series pooled. */
  p95?: readonly string[];
  /** Over school hours: each field's largest sum across the group's series at one time (exact for whole numbers). */
  peakSum?: readonly string[];
  /** Over every hour: each group's roll-ups counted (all, and those not marked either way), their first and last time, and these fields summed. */
  totals?: readonly string[];
}

export interface GroupSummary {
  /** The group's `groupBy` tags. */
  tags: Record<string, string>;
  /** Roll-ups marked as school hours. */
  schoolHours: number;
  /** Per field asked for; a field no school-hour roll-up of the group has is absent. */
  p95: Record<string, number>;
  peakSum: Record<string, number>;
  /** Where `totals` was asked for. */
  totals?: { rows: number; unmarked: number; first: number; last: number; sums: Record<string, number> };
}

export interface Store {
  /** Writes points; a point with the same measurement, tags and time as a stored one replaces it. */
  write(points: Point[]): Promise<void>;
  /** The newest point of every series of `measurement` whose tags include `filter`. */
  latest(measurement: Measurement, filter?: TagFilter): Promise<Point[]>;
  /** Every point in the range, oldest first. */
  range(query: RangeQuery): Promise<Point[]>;
  /**
   * How many points `range` would return for the query, or more (never fewer): asked before a read
   * that could be large, so a reader cannot make the process load millions of points.
   */
  count(query: RangeQuery): Promise<number>;
  /**
   * A field per series in steps, aggregated where the data is (SQL, InfluxQL): one row per series and
   * step crosses into JavaScript rather than every stored point. Undefined for an aggregation the
   * store cannot make exactly as models/statistics.ts does; store/queries.ts then steps the points
   * from `range`, as for a store without this. The contract suite holds both to the same answers.
   */
  aggregate?(query: StepQuery): Promise<StepSeries[] | undefined>;
  /**
   * Statistics per group over a window of roll-ups, made where the data is: one row per group crosses
   * into JavaScript. Undefined where the store cannot; store/summary.ts then makes them from `range`,
   * and the contract suite holds both to the same answers.
   */
  summarise?(query: SummaryQuery): Promise<GroupSummary[] | undefined>;
  /** The time of the oldest point of `measurement`, if it has any. */
  earliest(measurement: Measurement): Promise<number | undefined>;
  /** Removes every point of `measurement` older than `time` (retention). */
  deleteBefore(measurement: Measurement, time: number): Promise<void>;
  close(): Promise<void>;
}

/** Tags serialised with sorted keys: the same tags always make the same key (stored by the embedded adapter). */
export const seriesKey = (tags: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))));

/**
 * A series' key within answers from one store: a store gives every point of a series its tags in the
 * same order, so there is no need to sort them (seriesKey's cost, paid per point, was most of a
 * year's query).
 */
export function quickKey(tags: Record<string, string>): string {
  let key = '';
  for (const k in tags) key += `${k}\u0000${tags[k]}\u0001`;
  return key;
}

export function matchesFilter(tags: Record<string, string>, filter: TagFilter | undefined): boolean {
  return !filter || Object.entries(filter).every(([k, v]) => tags[k] === v);
}

/**
 * The store refused the points as they are (InfluxDB's 400: a field type conflict, a malformed
 * point). Writing them again cannot help, so they are logged and not kept for a retry. InfluxDB
 * stores the rest of such a batch (a partial write).
 */
export class RejectedPointsError extends Error {
  override name = 'RejectedPointsError';
}
