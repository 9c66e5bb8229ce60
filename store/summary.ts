// Statistics per group of series over a window of hourly roll-ups (Store.summarise), made here from
// the points for a store that cannot make them itself, and as the answer the contract suite holds
// every store's own to.
import { percentile } from '../models/statistics.ts';
import type { Point } from './point.ts';
import { SCHOOL_HOURS } from './rollup.ts';
import type { GroupSummary, Store, SummaryQuery } from './store.ts';

/** The store's own summary where it makes one, else one made from the window's points. */
export async function summarise(store: Store, q: SummaryQuery): Promise<GroupSummary[]> {
  const own = await store.summarise?.(q);
  if (own) return own;
  const fields = [...new Set(['samples', SCHOOL_HOURS, ...(q.p95 ?? []), ...(q.peakSum ?? []), ...(q.totals ?? [])])];
  return summariseFromPoints(await store.range({ measurement: q.measurement, filter: q.filter, from: q.from, to: q.to, fields }), q);
}

/** The tags of a point's group: those of `groupBy` it has. */
export function groupTags(tags: Readonly<Record<string, string>>, groupBy: readonly string[]): Record<string, string> {
  const group: Record<string, string> = {};
  for (const k of groupBy) if (tags[k] !== undefined) group[k] = tags[k];
  return group;
}

interface Group {
  tags: Record<string, string>;
  schoolHours: number;
  values: Map<string, number[]>;
  sumsAt: Map<string, Map<number, number>>;
  totals: { rows: number; unmarked: number; first: number; last: number; sums: Record<string, number> };
}

/** The summary of points already read (all of the query's window and filter). */
export function summariseFromPoints(points: readonly Point[], q: SummaryQuery): GroupSummary[] {
  const groups = new Map<string, Group>();
  for (const p of points) {
    const tags = groupTags(p.tags, q.groupBy);
    const key = JSON.stringify(q.groupBy.map((k) => tags[k] ?? null));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { tags, schoolHours: 0, values: new Map(), sumsAt: new Map(), totals: { rows: 0, unmarked: 0, first: p.time, last: p.time, sums: {} } }));
    const t = g.totals;
    t.rows++;
    if (p.fields[SCHOOL_HOURS] === undefined) t.unmarked++;
    t.first = Math.min(t.first, p.time);
    t.last = Math.max(t.last, p.time);
    for (const f of q.totals ?? []) if (p.fields[f] !== undefined) t.sums[f] = (t.sums[f] ?? 0) + p.fields[f];
    if (p.fields[SCHOOL_HOURS] !== 1) continue;
    g.schoolHours++;
    for (const f of q.p95 ?? []) {
      if (p.fields[f] === undefined) continue;
      if (!g.values.has(f)) g.values.set(f, []);
      g.values.get(f)!.push(p.fields[f]);
    }
    for (const f of q.peakSum ?? []) {
      if (p.fields[f] === undefined) continue;
      const at = g.sumsAt.get(f) ?? new Map<number, number>();
      g.sumsAt.set(f, at.set(p.time, (at.get(p.time) ?? 0) + p.fields[f]));
    }
  }
  const asked = (g: Group) => g.schoolHours > 0 || q.totals !== undefined;
  return [...groups.values()].filter(asked).map((g) => ({
    tags: g.tags,
    schoolHours: g.schoolHours,
    p95: Object.fromEntries([...g.values].map(([f, values]) => [f, percentile(values, 95)!])),
    peakSum: Object.fromEntries([...g.sumsAt].map(([f, at]) => [f, Math.max(...at.values())])),
    ...(q.totals ? { totals: g.totals } : {}),
  }));
}
