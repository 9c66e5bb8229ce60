// Busy-hour statistics over measured values. Pure.
import { localWeekTime } from './local-time.ts';

/** Nearest-rank percentile (p in 0…100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** School busy hours: Monday to Friday, 08:00 to 15:00 local time. */
export function inBusyHours(epochMs: number, timeZone: string): boolean {
  const t = localWeekTime(epochMs, timeZone);
  return t.weekday <= 5 && t.minuteOfDay >= 8 * 60 && t.minuteOfDay < 15 * 60;
}
