// When a link's busy-hour load reaches its limit, from the trend of recent weeks: a least-squares
// line through each week's busy-hour 95th percentile (simple-statistics), extended until it meets
// the limit. Pure: points in, a date out.
import { linearRegression } from 'simple-statistics';
import { inBusyHours, percentile } from './statistics.ts';

const WEEK_MS = 7 * 86_400_000;

export interface WeeklyLoad {
  /** The middle of the week. */
  time: number;
  mbps: number;
}

/** Per week since `from`, the 95th percentile of the busy hours' values (Mbit/s); weeks without busy hours are left out. */
export function weeklyBusyP95(hours: readonly { time: number; mbps: number }[], from: number, timeZone: string): WeeklyLoad[] {
  const weeks = new Map<number, number[]>();
  for (const h of hours) {
    if (!inBusyHours(h.time, timeZone)) continue;
    const week = Math.floor((h.time - from) / WEEK_MS);
    weeks.set(week, [...(weeks.get(week) ?? []), h.mbps]);
  }
  return [...weeks]
    .sort(([a], [b]) => a - b)
    .map(([week, values]) => ({ time: from + week * WEEK_MS + WEEK_MS / 2, mbps: percentile(values, 95)! }));
}

export type Crossing = { kind: 'reached'; mbps: number; since: number } | { kind: 'ahead'; date: number; mbpsPerWeek: number } | { kind: 'never' };

/**
 * Whether the trend meets `limitMbps`: already reached (the latest week at or above it; since the
 * start of that run of weeks), on a date
 * ahead, or never (flat or falling, or fewer than two weeks to draw a line through).
 */
export function limitCrossing(weeks: readonly WeeklyLoad[], limitMbps: number): Crossing {
  const latest = weeks.at(-1);
  if (latest && latest.mbps >= limitMbps) {
    // Reached since the start of the first week of the run at or over the limit that ends now.
    let first = weeks.length - 1;
    while (first > 0 && weeks[first - 1]!.mbps >= limitMbps) first--;
    return { kind: 'reached', mbps: latest.mbps, since: weeks[first]!.time - WEEK_MS / 2 };
  }
  if (weeks.length < 2) return { kind: 'never' };
  const fit = linearRegression(weeks.map((w) => [w.time, w.mbps]));
  if (fit.m <= 0) return { kind: 'never' };
  const date = (limitMbps - fit.b) / fit.m;
  // The line may meet the limit before the latest week only if that week dipped below it; then it is "now".
  return { kind: 'ahead', date: Math.max(date, latest!.time), mbpsPerWeek: fit.m * WEEK_MS };
}

