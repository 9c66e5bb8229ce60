// Each link's busy-hour p95 week by week, the trend the forecast rule draws its line through
// (models/trend.ts weeklyBusyP95): from the store's summaries of roll-ups marked with their school
// hours, two queries a week for a whole municipality rather than a read of every link's weeks. A
// link with roll-ups not marked is read whole and sifted as before: the same weeks either way
// (test/planning/weekly-load.test.ts).
import { weeklyBusyP95, type WeeklyLoad } from '../models/trend.ts';
import { BUSIER_BPS_P95, busierBps } from '../store/rollup.ts';
import type { Store } from '../store/store.ts';
import { summarise } from '../store/summary.ts';

const WEEK_MS = 7 * 86_400_000;

/** A link: a building's uplink or a school's internet line. */
export interface Link {
  kind: 'uplink' | 'internet';
  /** The building's id for an uplink, the school's for an internet line. */
  id: string;
}

const keyOf = (link: Link) => `${link.kind}/${link.id}`;
const GROUP_TAG = { uplink: 'building', internet: 'school' } as const;

/**
 * The weekly loads of a municipality's links over the `weeks` weeks before `now`, by link, made from
 * summaries; a link is missing where it has roll-ups not marked, or none at all.
 */
async function summarisedWeeks(store: Store, municipality: string, now: number, weeks: number): Promise<Map<string, WeeklyLoad[]>> {
  const from = now - weeks * WEEK_MS;
  const loads = new Map<string, WeeklyLoad[]>();
  const unmarked = new Set<string>();
  // Week by week from `from`, as weeklyBusyP95 counts them; the last holds only `now` itself.
  for (let week = 0; week <= weeks; week++) {
    const window = { from: from + week * WEEK_MS, to: Math.min(from + (week + 1) * WEEK_MS, now + 1) };
    for (const kind of ['uplink', 'internet'] as const) {
      const tag = GROUP_TAG[kind];
      for (const g of await summarise(store, { measurement: 'interface_1h', filter: { municipality, link: kind }, ...window, groupBy: [tag], p95: [BUSIER_BPS_P95], totals: [] })) {
        const key = keyOf({ kind, id: g.tags[tag] ?? '' });
        if (g.totals!.unmarked > 0) unmarked.add(key);
        const p95 = g.p95[BUSIER_BPS_P95];
        if (p95 === undefined) continue;
        if (!loads.has(key)) loads.set(key, []);
        loads.get(key)!.push({ time: from + week * WEEK_MS + WEEK_MS / 2, mbps: p95 / 1e6 });
      }
    }
  }
  for (const key of unmarked) loads.delete(key);
  return loads;
}

/**
 * A municipality's links, each with its busy-hour p95 per week over its own number of weeks before
 * `now` (weeks counted back from `now`, so shorter spans are the latest weeks of longer ones).
 */
export async function weeklyLinkLoads(store: Store, place: { municipality: string; timeZone: string }, now: number, links: readonly (Link & { weeks: number })[]): Promise<Map<string, WeeklyLoad[]>> {
  const most = Math.max(0, ...links.map((l) => l.weeks));
  const summarised = await summarisedWeeks(store, place.municipality, now, most);
  const result = new Map<string, WeeklyLoad[]>();
  for (const link of links) {
    const weekStart = now - link.weeks * WEEK_MS;
    const known = summarised.get(keyOf(link));
    result.set(keyOf(link), known ? known.filter((w) => w.time > weekStart) : await readWhole(store, link, weekStart, now, place.timeZone));
  }
  return result;
}

/** The link's loads by link. */
export const loadsOf = (loads: Map<string, WeeklyLoad[]>, link: Link) => loads.get(keyOf(link)) ?? [];

/** A link's roll-ups read whole and sifted: where they are not marked, or none was summarised. */
async function readWhole(store: Store, link: Link, from: number, now: number, timeZone: string): Promise<WeeklyLoad[]> {
  const hours = await store.range({ measurement: 'interface_1h', filter: { [GROUP_TAG[link.kind]]: link.id, link: link.kind }, from, to: now + 1 });
  const mbps = hours.flatMap((h) => {
    const bps = busierBps(h.fields);
    return bps === undefined ? [] : [{ time: h.time, mbps: bps / 1e6 }];
  });
  return weeklyBusyP95(mbps, from, timeZone);
}
