// The store summaries (Store.summarise) the plan's measured load is made of: per municipality, the
// last four weeks of school hours per building, AP, radio and line, and the same weeks one and two
// years ago for the trend; and the busy hour of each school line that exports flows (its traffic
// mix, planning/traffic-mix.ts: 17 s for 500 schools on InfluxDB). Summarising a county's weeks costs
// its store minutes (InfluxDB 1.6 reads every hour of 33,500 series: two minutes for 500 schools
// here, BENCHMARKS.md), so the server makes them once an hour, after maintenance, and keeps them in
// the store as `load_summary` points; a plan reads the newest of them, and makes them itself only
// where none was kept (a CLI run against a store no server maintains, a fresh start). Roll-ups made
// before they were marked with their school hours are marked here, window by window.
import type { Point } from '../store/point.ts';
import { BUSIER_BPS_P95, HOUR_MS, hourOf, markOlderRollups } from '../store/rollup.ts';
import type { GroupSummary, Store, SummaryQuery } from '../store/store.ts';
import { summarise } from '../store/summary.ts';
import { busyHourOf, type BusyHour } from './traffic-mix.ts';

export const WINDOW_MS = 28 * 24 * HOUR_MS;
/** 52 weeks: the same weekdays a year earlier, so a timetable's week lines up with itself. */
const YEAR_MS = 52 * 7 * 24 * HOUR_MS;

type Summary = Omit<SummaryQuery, 'from' | 'to' | 'filter'> & { filter?: Record<string, string> };

/** What is asked of the roll-ups, by name. */
const SUMMARIES = {
  uplinks: { measurement: 'interface_1h', filter: { link: 'uplink' }, groupBy: ['building'], p95: [BUSIER_BPS_P95], totals: ['samples'] },
  aps: { measurement: 'access_point_1h', groupBy: ['building'], peakSum: ['clients_p95'], totals: [] },
  apUtilisation: { measurement: 'access_point_1h', groupBy: ['building', 'ap'], p95: ['channel_utilisation_p95'] },
  bands: { measurement: 'radio_1h', groupBy: ['building', 'band'], peakSum: ['clients_p95'] },
  radios: { measurement: 'radio_1h', groupBy: ['building', 'band', 'ap', 'radio'], p95: ['channel_utilisation_p95'] },
  lines: { measurement: 'interface_1h', filter: { link: 'internet' }, groupBy: ['school'], p95: [BUSIER_BPS_P95], totals: ['samples'] },
} satisfies Record<string, Summary>;
export type SummaryName = keyof typeof SUMMARIES;

/** The summaries of each window: everything now, only what the trend needs of past years. */
const WINDOWS: { yearsAgo: number; names: SummaryName[] }[] = [
  { yearsAgo: 0, names: ['uplinks', 'aps', 'apUtilisation', 'bands', 'radios', 'lines'] },
  { yearsAgo: 1, names: ['uplinks', 'aps'] },
  { yearsAgo: 2, names: ['uplinks', 'aps'] },
];

/** A municipality's summaries over the four weeks before `until` (an hour's start), and that hour. */
export interface LoadSummaries {
  until: number;
  of(yearsAgo: number, name: SummaryName): GroupSummary[];
  /** Per school whose line exports flows and carried traffic: its busy hour. */
  busyHours: ReadonlyMap<string, BusyHour>;
}

/** A municipality as its summaries are made. */
export interface Place {
  municipality: string;
  timeZone: string;
  /** The schools whose internet lines export flows. */
  flowLines: readonly string[];
}

/** The four weeks of hours before `until`, `yearsAgo` years back. */
export const windowOf = (until: number, yearsAgo: number) => ({ from: until - yearsAgo * YEAR_MS - WINDOW_MS, to: until - yearsAgo * YEAR_MS });

const keyOf = (yearsAgo: number, name: SummaryName) => `${yearsAgo}/${name}`;

function summariesFrom(until: number, byKey: Map<string, GroupSummary[]>, busyHours: ReadonlyMap<string, BusyHour>): LoadSummaries {
  return { until, of: (yearsAgo, name) => byKey.get(keyOf(yearsAgo, name)) ?? [], busyHours };
}

/**
 * Asks the store for every summary of a municipality's windows ending at `until`; the lines' busy
 * hours are taken from `made` where given (made again after marking, they would come out the same).
 */
export async function summariseLoads(store: Store, place: Place, until: number, made?: LoadSummaries): Promise<LoadSummaries> {
  const { municipality } = place;
  const byKey = new Map<string, GroupSummary[]>();
  for (const { yearsAgo, names } of WINDOWS) {
    for (const name of names) {
      const q: Summary = SUMMARIES[name];
      byKey.set(keyOf(yearsAgo, name), await summarise(store, { ...q, ...windowOf(until, yearsAgo), filter: { municipality, ...q.filter } }));
    }
  }
  return summariesFrom(until, byKey, made?.busyHours ?? (await busyHoursOf(store, place, until)));
}

async function busyHoursOf(store: Store, place: Place, until: number): Promise<Map<string, BusyHour>> {
  const busyHours = new Map<string, BusyHour>();
  for (const school of place.flowLines) {
    const busy = await busyHourOf(store, { municipality: place.municipality, school }, until);
    if (busy) busyHours.set(school, busy);
  }
  return busyHours;
}

const MEASUREMENT = 'load_summary';
/** The summary a point belongs to (`0/uplinks`), and the point that says a set of them is whole. */
const SUMMARY_TAG = 'summary';
const COMPLETE = 'complete';
/** A line's busy hour: a point per class, tagged with its school and class. */
const BUSY_HOUR = 'busy-hour';
/** What a whole set holds; a set kept by an older version (without busy hours) is made again. */
const FORMAT = 2;

/** Summaries as points at `until`: one per group, tagged with its municipality, summary and group. */
export function summaryPoints(municipality: string, summaries: LoadSummaries): Point[] {
  const points: Point[] = [];
  for (const { yearsAgo, names } of WINDOWS) {
    for (const name of names) {
      for (const g of summaries.of(yearsAgo, name)) {
        const fields: Record<string, number> = { school_hours: g.schoolHours };
        for (const [f, v] of Object.entries(g.p95)) fields[`p95:${f}`] = v;
        for (const [f, v] of Object.entries(g.peakSum)) fields[`peak:${f}`] = v;
        if (g.totals) {
          Object.assign(fields, { rows: g.totals.rows, unmarked: g.totals.unmarked, first: g.totals.first, last: g.totals.last });
          for (const [f, v] of Object.entries(g.totals.sums)) fields[`sum:${f}`] = v;
        }
        points.push({ measurement: MEASUREMENT, tags: { municipality, [SUMMARY_TAG]: keyOf(yearsAgo, name), ...g.tags }, fields, time: summaries.until });
      }
    }
  }
  for (const [school, busy] of summaries.busyHours) {
    for (const [trafficClass, bps] of Object.entries(busy.bpsByClass)) {
      const fields = { bps, busy_hour: busy.time, raw: busy.source === 'raw points' ? 1 : 0 };
      points.push({ measurement: MEASUREMENT, tags: { municipality, [SUMMARY_TAG]: BUSY_HOUR, school, class: trafficClass }, fields, time: summaries.until });
    }
  }
  // Written last, in the same write: a reader that finds it finds the rest.
  points.push({ measurement: MEASUREMENT, tags: { municipality, [SUMMARY_TAG]: COMPLETE }, fields: { groups: points.length, format: FORMAT }, time: summaries.until });
  return points;
}

/** How far back a kept set of summaries still serves: a maintenance run that failed, a slow one. */
const KEPT_SERVE_MS = 3 * HOUR_MS;

/** The newest whole set of summaries kept for a municipality at or before `until`, if any. */
export async function keptSummaries(store: Store, municipality: string, until: number): Promise<LoadSummaries | undefined> {
  const marks = await store.range({ measurement: MEASUREMENT, filter: { municipality, [SUMMARY_TAG]: COMPLETE }, from: until - KEPT_SERVE_MS, to: until + 1 });
  const newest = marks.at(-1);
  if (!newest) return undefined;
  const points = await store.range({ measurement: MEASUREMENT, filter: { municipality }, from: newest.time, to: newest.time + 1 });
  const byKey = new Map<string, GroupSummary[]>();
  const busyHours = new Map<string, BusyHour>();
  for (const p of points) {
    const { municipality: _m, [SUMMARY_TAG]: key, ...tags } = p.tags;
    if (key === COMPLETE || key === undefined) continue;
    if (key === BUSY_HOUR) {
      const { school, class: trafficClass } = tags;
      if (school === undefined || trafficClass === undefined) continue;
      const busy = busyHours.get(school) ?? { time: p.fields.busy_hour ?? 0, source: p.fields.raw ? 'raw points' : 'hourly roll-ups', bpsByClass: {} };
      busy.bpsByClass[trafficClass] = p.fields.bps ?? 0;
      busyHours.set(school, busy);
      continue;
    }
    const g: GroupSummary = { tags, schoolHours: p.fields.school_hours ?? 0, p95: {}, peakSum: {} };
    const sums: Record<string, number> = {};
    for (const [f, v] of Object.entries(p.fields)) {
      if (f.startsWith('p95:')) g.p95[f.slice(4)] = v;
      else if (f.startsWith('peak:')) g.peakSum[f.slice(5)] = v;
      else if (f.startsWith('sum:')) sums[f.slice(4)] = v;
    }
    if (p.fields.rows !== undefined) g.totals = { rows: p.fields.rows, unmarked: p.fields.unmarked!, first: p.fields.first!, last: p.fields.last!, sums };
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(g);
  }
  // A set the store holds only in part (a write cut off) is not taken, nor one an older version kept.
  return points.length - 1 === newest.fields.groups && newest.fields.format === FORMAT ? summariesFrom(newest.time, byKey, busyHours) : undefined;
}

/**
 * Makes and keeps the summaries of each municipality for the hour `now` falls in, where they were not
 * kept yet: run after maintenance, which rolls up the hours before it. Returns the municipalities done.
 */
export async function keepLoadSummaries(store: Store, places: readonly Place[], now: number): Promise<string[]> {
  const until = hourOf(now);
  const done = [];
  for (const place of places) {
    if ((await keptSummaries(store, place.municipality, until))?.until === until) continue;
    let summaries = await summariseLoads(store, place, until);
    if (await markWhereUnmarked(store, place, summaries)) summaries = await summariseLoads(store, place, until, summaries);
    await store.write(summaryPoints(place.municipality, summaries));
    done.push(place.municipality);
  }
  return done;
}

/** The roll-ups the plan summarises, which older ones must be marked in. */
const SUMMARISED = ['interface_1h', 'access_point_1h', 'radio_1h'] as const;
/** How far past a year-old window its roll-ups are marked: the hours that slide into it in the next week. */
const MARK_AHEAD_MS = 7 * 24 * HOUR_MS;

/**
 * Marks the roll-ups of each window whose summary found some made before marking existed (those are
 * read whole by the plan, building by building: slow at county size). A past window is marked a week
 * ahead too, so the hours sliding into it are marked about once a week, not each hour.
 */
async function markWhereUnmarked(store: Store, place: Place, summaries: LoadSummaries): Promise<boolean> {
  let marked = 0;
  for (const { yearsAgo } of WINDOWS) {
    const unmarked = [...summaries.of(yearsAgo, 'uplinks'), ...summaries.of(yearsAgo, 'aps')].some((g) => (g.totals?.unmarked ?? 0) > 0);
    if (!unmarked) continue;
    const window = windowOf(summaries.until, yearsAgo);
    const span = { from: window.from, to: yearsAgo > 0 ? Math.min(window.to + MARK_AHEAD_MS, summaries.until) : window.to };
    for (const measurement of SUMMARISED) marked += await markOlderRollups(store, measurement, { municipality: place.municipality }, span, () => place.timeZone);
  }
  return marked > 0;
}

/**
 * Keeps the summaries after each maintenance run (`ran`), one making at a time; `kept` is told when
 * new ones were written, so answers made from the older ones can be made again. Failures are logged
 * and tried again after the next run.
 */
export function loadSummaryKeeper(store: Store, places: readonly Place[], log: (message: string) => void, kept: () => void): { ran(): void; stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  return {
    ran() {
      if (running) return;
      const started = Date.now();
      running = keepLoadSummaries(store, places, started)
        .then((done) => {
          if (done.length === 0) return;
          log(`plan: load summaries of ${done.join(', ')} kept in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          kept();
        })
        .catch((err) => log(`plan: load summaries not kept (${(err as Error).message}); trying again after the next maintenance run`))
        .finally(() => (running = undefined));
    },
    stop: async () => {
      await running;
    },
  };
}
