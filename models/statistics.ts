// Busy-hour statistics over measured values. Pure.
import { localWeekTime } from './local-time.ts';

/**
 * Nearest-rank percentile (p in 0…100) of unsorted values; undefined for none. The rank is p % of
 * the count rounded half up, ⌊n·p/100 + ½⌋ (at least 1): the rule of InfluxDB 1.x's PERCENTILE, so
 * a store can rank in InfluxQL or SQL and give the very value this gives (store/store.ts).
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[percentileRank(sorted.length, p) - 1];
}

/** The 1-based rank of the p-th percentile among n sorted values: see percentile. */
export function percentileRank(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.floor((n * p) / 100 + 0.5)));
}

/** School busy hours: Monday to Friday, 08:00 to 15:00 local time. */
export function inBusyHours(epochMs: number, timeZone: string): boolean {
  const t = localWeekTime(epochMs, timeZone);
  return t.weekday <= 5 && t.minuteOfDay >= 8 * 60 && t.minuteOfDay < 15 * 60;
}
