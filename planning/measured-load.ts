// The measured busy-hour load the plan starts from, for every building and school line of a
// municipality: from the hourly roll-ups of the four weeks before the current hour (and of the same
// weeks one and two years ago, for the trend), else from the raw points of a fresh install.
// The roll-ups come summarised per building, AP, radio and line (planning/load-summaries.ts), kept
// by the server once an hour or made on the spot. A building with roll-ups not marked with their
// school hours (made before marking existed), or with none in school hours, is read whole and sifted
// here instead: the same figures either way (test/planning/measured-load.test.ts).
import type { BandLoad, MeasuredLoad } from '../models/plan.ts';
import type { LineLoad } from '../models/school-plan.ts';
import { inBusyHours, percentile } from '../models/statistics.ts';
import type { Point } from '../store/point.ts';
import { BUSIER_BPS_P95, busierBps, hourOf } from '../store/rollup.ts';
import type { GroupSummary, Store } from '../store/store.ts';
import { keptSummaries, summariseLoads, WINDOW_MS, windowOf, type LoadSummaries, type Place } from './load-summaries.ts';
import type { BusyHour } from './traffic-mix.ts';

export interface MunicipalityLoads {
  /** Where the measured windows end: the hour of the newest roll-up run the summaries saw. */
  until: number;
  /** Per building: the last four weeks' load, and the same weeks' one and two years ago where measured. */
  buildings: Map<string, { measured?: MeasuredLoad; pastMeasured: { yearsAgo: number; load: MeasuredLoad }[] }>;
  /** Per school: its internet line's load over the last four weeks. */
  lines: Map<string, LineLoad | undefined>;
  /** Per school whose line exports flows: the busy hour of the same weeks, and its classes. */
  busyHours: ReadonlyMap<string, BusyHour>;
}

/** A municipality's buildings and the schools with an internet line, as the plan measures them. */
export interface MeasuredPlace extends Place {
  buildings: string[];
  lines: string[];
}

/**
 * `summarising` is told when no kept summaries are found and the roll-ups are summarised on the spot
 * (minutes for a county on InfluxDB), so a command line can say why it is quiet.
 */
export async function municipalityLoads(store: Store, place: MeasuredPlace, now: number, summarising?: () => void): Promise<MunicipalityLoads> {
  const { municipality, timeZone: tz } = place;
  const onTheSpot = () => {
    summarising?.();
    return summariseLoads(store, place, hourOf(now));
  };
  const summaries = (await keptSummaries(store, municipality, hourOf(now))) ?? (await onTheSpot());
  const windowBack = (yearsAgo: number) => windowOf(summaries.until, yearsAgo);
  const current = buildingLoads(summaries, 0, { wifi: true });
  const past = [1, 2].map((yearsAgo) => ({ yearsAgo, loads: buildingLoads(summaries, yearsAgo, { wifi: false }) }));
  const buildings: MunicipalityLoads['buildings'] = new Map();
  for (const id of place.buildings) {
    const measured = (await loadOf(current.get(id), () => rolledUpLoad(store, id, windowBack(0), tz))) ?? (await measuredFromRaw(store, id, now - WINDOW_MS, now, tz));
    const pastMeasured = [];
    for (const { yearsAgo, loads } of past) {
      const load = await loadOf(loads.get(id), () => rolledUpLoad(store, id, windowBack(yearsAgo), tz));
      if (load) pastMeasured.push({ yearsAgo, load });
    }
    buildings.set(id, { ...(measured ? { measured } : {}), pastMeasured });
  }
  const lines = lineLoads(summaries);
  const byLine: MunicipalityLoads['lines'] = new Map();
  for (const school of place.lines) byLine.set(school, await loadOf(lines.get(school), () => lineLoad(store, { school, link: 'internet' }, windowBack(0), tz)));
  return { until: summaries.until, buildings, lines: byLine, busyHours: summaries.busyHours };
}

/** A summarised load as it is, or the building read whole where its summary cannot be taken as it is. */
async function loadOf<L>(summarised: L | 'read whole' | undefined, readWhole: () => Promise<L | undefined>): Promise<L | undefined> {
  return summarised === 'read whole' ? readWhole() : summarised;
}

/**
 * Each building's load in the window `yearsAgo` back; 'read whole' where its roll-ups are not all
 * marked, or where none is a school hour (the figures then come from every hour, as for a fresh
 * install at a weekend). Without `wifi`, only what the trend needs: the uplink's p95 and the peak
 * clients.
 */
function buildingLoads(summaries: LoadSummaries, yearsAgo: number, options: { wifi: boolean }): Map<string, MeasuredLoad | 'read whole'> {
  const uplinks = byBuilding(summaries.of(yearsAgo, 'uplinks'));
  const aps = byBuilding(summaries.of(yearsAgo, 'aps'));
  const wifi = (name: 'apUtilisation' | 'bands' | 'radios') => byBuilding(options.wifi ? summaries.of(yearsAgo, name) : []);
  const [perAp, bands, radios] = [wifi('apUtilisation'), wifi('bands'), wifi('radios')];
  const loads = new Map<string, MeasuredLoad | 'read whole'>();
  for (const building of new Set([...uplinks.keys(), ...aps.keys()])) {
    const uplink = uplinks.get(building)?.[0];
    const ap = aps.get(building)?.[0];
    if (!takenAsIs(uplink) || !takenAsIs(ap)) {
      loads.set(building, 'read whole');
      continue;
    }
    const busier = uplink?.p95[BUSIER_BPS_P95];
    const peakClients = ap && ap.schoolHours > 0 ? (ap.peakSum.clients_p95 ?? 0) : undefined;
    const utilisation = byName(perAp.get(building) ?? [], 'ap').flatMap((g) => (g.p95.channel_utilisation_p95 !== undefined ? [g.p95.channel_utilisation_p95] : []));
    const spans = [uplink?.totals, ap?.totals].filter((t) => t !== undefined);
    loads.set(building, {
      ...(busier !== undefined ? { uplinkP95Mbps: busier / 1e6 } : {}),
      ...(peakClients !== undefined ? { peakClients } : {}),
      ...(utilisation.length > 0 ? { channelUtilisation: utilisation } : {}),
      ...bandLoads(bands.get(building) ?? [], radios.get(building) ?? []),
      samples: uplink?.totals?.sums.samples ?? 0,
      source: 'hourly roll-ups',
      from: Math.min(...spans.map((t) => t.first)),
      to: Math.max(...spans.map((t) => t.last)),
    });
  }
  return loads;
}

/** Each school's internet line over the last four weeks, as buildingLoads does buildings. */
function lineLoads(summaries: LoadSummaries): Map<string, LineLoad | 'read whole'> {
  const lines = new Map<string, LineLoad | 'read whole'>();
  for (const g of summaries.of(0, 'lines')) {
    const p95 = g.p95[BUSIER_BPS_P95];
    if (!takenAsIs(g)) lines.set(g.tags.school ?? '', 'read whole');
    else if (p95 !== undefined) lines.set(g.tags.school ?? '', { p95Mbps: p95 / 1e6, samples: g.totals!.sums.samples ?? 0, source: 'hourly roll-ups', from: g.totals!.first, to: g.totals!.last });
  }
  return lines;
}

/** Whether a summary holds as it is: every roll-up marked, and some in school hours (if it has any). */
const takenAsIs = (g: GroupSummary | undefined) => !g || (g.totals!.unmarked === 0 && (g.schoolHours > 0 || g.totals!.rows === 0));

/** Names in order, numbers in them counted as numbers (ap2 before ap10). */
const nameOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Groups in the order of a tag's value. */
const byName = (groups: GroupSummary[], tag: string) => [...groups].sort((a, b) => nameOrder(a.tags[tag] ?? '', b.tags[tag] ?? ''));

/** Summaries per building. */
function byBuilding(groups: GroupSummary[]): Map<string, GroupSummary[]> {
  const map = new Map<string, GroupSummary[]>();
  for (const g of groups) {
    const building = g.tags.building ?? '';
    if (!map.has(building)) map.set(building, []);
    map.get(building)!.push(g);
  }
  return map;
}

/** Per band: the peak of its radios' summed clients, and its busiest radio's p95 of channel utilisation. */
function bandLoads(bands: GroupSummary[], radios: GroupSummary[]): { bands?: BandLoad[] } {
  const names = [...new Set([...bands, ...radios].flatMap((g) => (g.tags.band !== undefined ? [g.tags.band] : [])))].sort(nameOrder);
  if (names.length === 0) return {};
  return {
    bands: names.map((band): BandLoad => {
      const peak = bands.find((g) => g.tags.band === band)?.peakSum.clients_p95;
      const busiest = maxOf(radios.filter((g) => g.tags.band === band).flatMap((g) => (g.p95.channel_utilisation_p95 !== undefined ? [g.p95.channel_utilisation_p95 / 100] : [])));
      return { band, ...(peak !== undefined ? { peakClients: Math.round(peak) } : {}), ...(busiest !== undefined ? { busiestChannelUtilisation: busiest } : {}) };
    }),
  };
}

// Read whole: the building's or line's roll-ups (or raw points) cross into JavaScript and are sifted here.

/** A window of hourly roll-ups; undefined where there are none. */
async function rolledUpLoad(store: Store, buildingId: string, window: { from: number; to: number }, tz: string): Promise<MeasuredLoad | undefined> {
  const filter = { building: buildingId };
  const uplink = await store.range({ measurement: 'interface_1h', filter: { ...filter, link: 'uplink' }, ...window });
  const aps = await store.range({ measurement: 'access_point_1h', filter, ...window });
  if (uplink.length === 0 && aps.length === 0) return undefined;
  const radios = await store.range({ measurement: 'radio_1h', filter, ...window, fields: ['clients_p95', 'channel_utilisation_p95'] });
  // Per busy hour: the building's clients as the sum of each AP's hourly p95 (roll-ups keep no
  // instant-by-instant sum across APs).
  const clientsByHour = sumByTime(busiest(aps, tz), (p) => p.fields.clients_p95 ?? 0);
  return {
    uplinkP95Mbps: hourlyP95Mbps(uplink, tz),
    peakClients: maxOf(clientsByHour.values()),
    channelUtilisation: perAp(busiest(aps, tz), 'channel_utilisation_p95'),
    ...bandsOf(busiest(radios, tz), 'clients_p95', 'channel_utilisation_p95'),
    samples: uplink.reduce((n, p) => n + (p.fields.samples ?? 0), 0),
    source: 'hourly roll-ups',
    ...span([...uplink, ...aps]),
  };
}

/** A line's busy-hour load (the internet line, say) from its hourly roll-ups in a window. */
async function lineLoad(store: Store, filter: Record<string, string>, window: { from: number; to: number }, tz: string): Promise<LineLoad | undefined> {
  const hours = await store.range({ measurement: 'interface_1h', filter, ...window });
  const p95Mbps = hourlyP95Mbps(hours, tz);
  if (p95Mbps === undefined) return undefined;
  return { p95Mbps, samples: hours.reduce((n, p) => n + (p.fields.samples ?? 0), 0), source: 'hourly roll-ups', ...span(hours) };
}

/** The 95th percentile over busy hours of each hour's p95 in the busier direction, Mbit/s. */
function hourlyP95Mbps(hours: Point[], tz: string): number | undefined {
  const values = busiest(hours.filter((p) => busierBps(p.fields) !== undefined), tz).map((p) => busierBps(p.fields)! / 1e6);
  return percentile(values, 95);
}

async function measuredFromRaw(store: Store, buildingId: string, from: number, now: number, tz: string): Promise<MeasuredLoad | undefined> {
  const uplink = await store.range({ measurement: 'interface', filter: { building: buildingId, link: 'uplink' }, from, to: now + 1 });
  const aps = await store.range({ measurement: 'access_point', filter: { building: buildingId }, from, to: now + 1 });
  const radios = await store.range({ measurement: 'radio', filter: { building: buildingId }, from, to: now + 1, fields: ['clients', 'channel_utilisation'] });
  const rates = busiest(uplink.filter((p) => p.fields.in_bps !== undefined), tz).map((p) => Math.max(p.fields.in_bps!, p.fields.out_bps ?? 0) / 1e6);
  const clientsByTime = sumByTime(busiest(aps, tz), (p) => p.fields.clients ?? 0);
  if (rates.length === 0 && clientsByTime.size === 0) return undefined;
  return {
    uplinkP95Mbps: percentile(rates, 95),
    peakClients: maxOf(clientsByTime.values()),
    channelUtilisation: perAp(busiest(aps, tz), 'channel_utilisation'),
    ...bandsOf(busiest(radios, tz), 'clients', 'channel_utilisation'),
    samples: rates.length,
    source: 'raw points',
    ...span([...uplink, ...aps]),
  };
}

/** The points in school busy hours; where there are none yet (a fresh install at a weekend), all of them. */
function busiest<T extends { time: number }>(list: T[], tz: string): T[] {
  const inHours = list.filter((p) => inBusyHours(p.time, tz));
  return inHours.length > 0 ? inHours : list;
}

/** Per access point in the order of their names, the 95th percentile of `field` over the points given (its busy hours). */
function perAp(points: Point[], field: string): number[] | undefined {
  const byAp = new Map<string, number[]>();
  for (const p of points) {
    const v = p.fields[field];
    if (v !== undefined) byAp.set(p.tags.ap ?? '', [...(byAp.get(p.tags.ap ?? '') ?? []), v]);
  }
  return byAp.size > 0 ? [...byAp].sort(([a], [b]) => nameOrder(a, b)).map(([, values]) => percentile(values, 95)!) : undefined;
}

/**
 * Per band (radios' band tag): the peak over time of the band's summed clients, and the busiest radio's
 * 95th percentile of channel utilisation. None where no radio names a band.
 */
function bandsOf(radios: Point[], clientsField: string, utilisationField: string): { bands?: BandLoad[] } {
  const byBand = new Map<string, Point[]>();
  for (const p of radios) if (p.tags.band) byBand.set(p.tags.band, [...(byBand.get(p.tags.band) ?? []), p]);
  if (byBand.size === 0) return {};
  const bands = [...byBand]
    .sort(([a], [b]) => nameOrder(a, b))
    .map(([band, points]): BandLoad => {
      const peakClients = maxOf(sumByTime(points.filter((p) => p.fields[clientsField] !== undefined), (p) => p.fields[clientsField]!).values());
      const perRadio = new Map<string, number[]>();
      for (const p of points) {
        const u = p.fields[utilisationField];
        if (u !== undefined) perRadio.set(`${p.tags.ap}|${p.tags.radio}`, [...(perRadio.get(`${p.tags.ap}|${p.tags.radio}`) ?? []), u]);
      }
      const busiestChannelUtilisation = maxOf([...perRadio.values()].map((values) => percentile(values, 95)! / 100));
      return { band, ...(peakClients !== undefined ? { peakClients: Math.round(peakClients) } : {}), ...(busiestChannelUtilisation !== undefined ? { busiestChannelUtilisation } : {}) };
    });
  return { bands };
}

function sumByTime(points: Point[], value: (p: Point) => number): Map<number, number> {
  const sums = new Map<number, number>();
  for (const p of points) sums.set(p.time, (sums.get(p.time) ?? 0) + value(p));
  return sums;
}

/** Loops, not Math.max(...spread): four weeks of 10 s polls overflow the argument stack. */
function maxOf(values: Iterable<number>): number | undefined {
  let max: number | undefined;
  for (const v of values) max = max === undefined ? v : Math.max(max, v);
  return max;
}

const span = (points: Point[]) => ({
  from: points.reduce((t, p) => Math.min(t, p.time), Infinity),
  to: points.reduce((t, p) => Math.max(t, p.time), -Infinity),
});
