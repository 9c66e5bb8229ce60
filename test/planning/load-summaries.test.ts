// The plan's load summaries kept in the store once an hour: read back as they were made, on both
// stores; the plan from them is the plan made on the spot, without reading a roll-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepLoadSummaries, keptSummaries, loadSummaryKeeper, summariseLoads, summaryPoints } from '../../planning/load-summaries.ts';
import { measuredLoads, placeOf, planMunicipality } from '../../planning/plan-inputs.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { InfluxStore } from '../../store/influx.ts';
import { inBusyHours } from '../../models/statistics.ts';
import { hourOf } from '../../store/rollup.ts';
import type { Store } from '../../store/store.ts';
import { config, NOW, rollups } from '../fixtures/plan-rollups.ts';
import { influxQuery, installed, startInfluxd, type InfluxServer } from '../support/servers.ts';

const H = 3_600_000;
const municipality = config.municipalities[0]!.id;
const place = placeOf(config, config.municipalities[0]!);

/** Groups in one order, whichever order a store gave them in. */
const sorted = (groups: { tags: Record<string, string> }[]) => [...groups].sort((a, b) => JSON.stringify(Object.entries(a.tags).sort()).localeCompare(JSON.stringify(Object.entries(b.tags).sort())));

/** The store as it is, counting what is read of the roll-ups of lines, Wi-Fi and traffic, and asked of them. */
function counting(store: Store): { store: Store; rollupReads: () => number } {
  let reads = 0;
  const counted = <A extends unknown[], R>(call: (...args: A) => Promise<R>, measurement: (...args: A) => string) => (...args: A) => {
    if (['interface_1h', 'access_point_1h', 'radio_1h', 'traffic_1h', 'traffic'].includes(measurement(...args))) reads++;
    return call(...args);
  };
  const wrapped = Object.assign(Object.create(store), {
    range: counted(store.range.bind(store), (q) => q.measurement),
    summarise: counted(store.summarise!.bind(store), (q) => q.measurement),
  });
  return { store: wrapped, rollupReads: () => reads };
}

function keptOn(name: string, open: () => Promise<Store>) {
  describe(`load summaries kept in the ${name} store`, () => {
    it('are read back as they were made, and the plan from them is the plan made on the spot without reading a roll-up', async () => {
      const store = await open();
      await store.write(rollups(true));
      const made = await summariseLoads(store, place, hourOf(NOW));
      expect(await keepLoadSummaries(store, [place], NOW)).toEqual([municipality]);
      // Kept once an hour: a second run in the same hour makes nothing.
      expect(await keepLoadSummaries(store, [place], NOW + 60_000)).toEqual([]);
      const kept = (await keptSummaries(store, municipality, hourOf(NOW)))!;
      expect(kept.until).toBe(hourOf(NOW));
      for (const [yearsAgo, name] of [[0, 'uplinks'], [0, 'aps'], [0, 'apUtilisation'], [0, 'bands'], [0, 'radios'], [0, 'lines'], [1, 'uplinks'], [1, 'aps']] as const) {
        expect(made.of(yearsAgo, name).length, `${yearsAgo} ${name}`).toBeGreaterThan(0);
        expect(sorted(kept.of(yearsAgo, name)), `${yearsAgo} ${name}`).toEqual(sorted(made.of(yearsAgo, name)));
      }
      // Every line that exports flows has its busy hour kept, in school hours, with every class measured.
      expect([...made.busyHours.keys()].sort()).toEqual([...place.flowLines].sort());
      expect(place.flowLines.length).toBeGreaterThan(0);
      expect(kept.busyHours).toEqual(made.busyHours);
      for (const busy of kept.busyHours.values()) {
        expect(busy).toMatchObject({ source: 'hourly roll-ups' });
        expect(inBusyHours(busy.time, place.timeZone)).toBe(true);
        expect(Object.keys(busy.bpsByClass).length).toBeGreaterThan(1);
      }
      const { store: watched, rollupReads } = counting(store);
      const fromKept = await planMunicipality(config, watched, NOW, 'today');
      expect(rollupReads()).toBe(0);
      // The lines' traffic mixes are in the plan, from the kept busy hours.
      const mixed = fromKept.schools.filter((s) => s.recommendations.some((r) => r.evidence.busyHourMix !== undefined));
      expect(mixed.map((s) => s.schoolId).sort()).toEqual([...place.flowLines].sort());
      // An hour later the kept summaries still serve (maintenance has not made the new ones yet).
      expect(await planMunicipality(config, watched, NOW + H, 'today')).toMatchObject({ buildings: fromKept.buildings });
      expect(rollupReads()).toBe(0);
      // Made on the spot: the same plan, from the roll-ups.
      const nothingKept: Store = Object.assign(Object.create(store), { range: (q: Parameters<Store['range']>[0]) => (q.measurement === 'load_summary' ? Promise.resolve([]) : store.range(q)) });
      expect(await planMunicipality(config, nothingKept, NOW, 'today')).toEqual(fromKept);
      // A command line says why it is quiet only when it summarises on the spot.
      const told: number[] = [];
      await measuredLoads(config, watched, NOW, municipality, (_, schools) => told.push(schools));
      expect(told).toEqual([]);
      await measuredLoads(config, nothingKept, NOW, municipality, (_, schools) => told.push(schools));
      expect(told).toEqual([config.schools.filter((s) => s.municipality === municipality).length]);
      await store.close();
    }, 120_000);

    it('are made after marking the roll-ups of the weeks read that were made before marking existed', async () => {
      const older = await open();
      await older.write(rollups(false));
      const marked = await open();
      await marked.write(rollups(true));
      expect(await keepLoadSummaries(older, [place], NOW)).toEqual([municipality]);
      const kept = (await keptSummaries(older, municipality, hourOf(NOW)))!;
      const made = await summariseLoads(marked, place, hourOf(NOW));
      // As text with keys in order, so a difference shows as the lines that differ.
      const ordered = (_: string, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
      const text = (groups: { tags: Record<string, string> }[]) => sorted(groups).map((g) => JSON.stringify(g, ordered));
      for (const [yearsAgo, name] of [[0, 'uplinks'], [0, 'radios'], [0, 'lines'], [1, 'aps']] as const) expect(text(kept.of(yearsAgo, name)), `${yearsAgo} ${name}`).toEqual(text(made.of(yearsAgo, name)));
      expect(kept.of(1, 'aps').every((g) => g.totals!.unmarked === 0 && g.schoolHours > 0)).toBe(true);
      await older.close();
      await marked.close();
    }, 120_000);

    it('are not taken when written only in part, kept by an older version, or older than three hours', async () => {
      const store = await open();
      await store.write(rollups(true));
      const points = summaryPoints(municipality, await summariseLoads(store, place, hourOf(NOW)));
      // The write cut off before its last group: the set's closing point says how many there are.
      await store.write([...points.slice(0, -2), points.at(-1)!]);
      expect(await keptSummaries(store, municipality, hourOf(NOW))).toBeUndefined();
      // Whole, but kept by a version before the lines' busy hours were kept with them (five hours
      // earlier, apart from the rest): made again.
      const earlier = points.map((p) => ({ ...p, time: p.time - 5 * H }));
      const closing = earlier.at(-1)!;
      await store.write([...earlier.slice(0, -1), { ...closing, fields: { groups: closing.fields.groups! } }]);
      expect(await keptSummaries(store, municipality, hourOf(NOW) - 5 * H)).toBeUndefined();
      await store.write(points);
      expect((await keptSummaries(store, municipality, hourOf(NOW) + 3 * H))?.until).toBe(hourOf(NOW));
      expect(await keptSummaries(store, municipality, hourOf(NOW) + 4 * H)).toBeUndefined();
      await store.close();
    }, 120_000);
  });
}

keptOn('embedded', async () => new EmbeddedStore(':memory:'));

describe('the server keeping summaries after maintenance', () => {
  it('makes them once however often maintenance runs meanwhile, says so, and logs a failure without stopping', async () => {
    const store = new EmbeddedStore(':memory:');
    await store.write(rollups(true));
    const logged: string[] = [];
    let told = 0;
    const keeper = loadSummaryKeeper(store, [place], (m) => logged.push(m), () => told++);
    keeper.ran();
    keeper.ran();
    await keeper.stop();
    expect(told).toBe(1);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^plan: load summaries of ${municipality} kept in [\\d.]+ s$`))]);
    await store.close();
    // The store gone: logged, and the next run tries again.
    keeper.ran();
    await keeper.stop();
    expect(logged[1]).toMatch(/^plan: load summaries not kept \(.+\); trying again after the next maintenance run$/);
    expect(told).toBe(1);
  });
});

describe.runIf(installed('influxd'))('with a real influxd', () => {
  let server: InfluxServer;
  let n = 0;
  beforeAll(async () => {
    server = await startInfluxd();
  });
  afterAll(async () => server?.stop());
  keptOn('InfluxDB', async () => {
    const database = `summaries_${++n}`;
    await influxQuery(server.url, `CREATE DATABASE ${database}`);
    return InfluxStore.open({ version: 1, url: server.url, database });
  });
});
