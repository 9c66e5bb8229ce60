// The behaviour every store adapter owes the collector and the API. Each adapter's test file runs it.
import { describe, expect, it } from 'vitest';
import type { Point } from '../../store/point.ts';
import type { GroupSummary, Store, SummaryQuery } from '../../store/store.ts';
import { maintain } from '../../store/maintenance.ts';
import { lateNote } from '../../store/late.ts';
import { aggregateSeries, busyHourGrid, type AggregatedSeries } from '../../store/queries.ts';
import { summariseFromPoints } from '../../store/summary.ts';
import { inBusyHours } from '../../models/statistics.ts';

const T0 = Date.parse('2026-11-24T09:00:00Z');
/** The contract's municipality is in Norway: its roll-ups mark Oslo's school hours. */
const OSLO = () => 'Europe/Oslo';

const uplink = (building: string, time: number, inBps: number): Point => ({
  measurement: 'interface',
  tags: { municipality: 'm', school: 's1', building, device: `${building}-sw`, interface: 'Te1/1/1', link: 'uplink' },
  fields: { in_bps: inBps, out_bps: inBps / 5, utilisation: inBps / 1e9 },
  time,
});

/** For the late-point tests: the first midnight after T0, and the retention they run with. */
const LATE = { H: 3_600_000, DAY: 86_400_000, midnight: Math.ceil(T0 / 86_400_000) * 86_400_000, policy: { rawDays: 30, rollupYears: 5 } };

/** A roll-up's sample count at a time: how many raw points it was made of. */
const samplesOf = (store: Store) => async (measurement: 'interface_1h' | 'interface_1d', time: number) => (await store.range({ measurement, from: time, to: time + 1 }))[0]?.fields.samples;

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    it('returns the newest point of each series, with tags and fields as written', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 5e6)]);
      const latest = (await store.latest('interface')).sort((a, b) => a.tags.building!.localeCompare(b.tags.building!));
      expect(latest).toEqual([uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 5e6)]);
      await store.close();
    });

    it('answers a county: the newest point, a count, a range and a deletion over 40,000 series (past SQLite\'s 32,766 parameters)', async () => {
      const store = await open();
      const ap = (i: number, time: number): Point => ({ measurement: 'access_point', tags: { municipality: 'county', school: `s${i % 5000}`, building: `b${i % 15000}`, ap: `ap${i}` }, fields: { clients: i % 50 }, time });
      const SERIES = 40_000;
      await store.write(Array.from({ length: SERIES }, (_, i) => ap(i, T0)));
      await store.write(Array.from({ length: SERIES }, (_, i) => ap(i, T0 + 60_000)));
      const latest = await store.latest('access_point', { municipality: 'county' });
      expect(latest).toHaveLength(SERIES);
      expect(latest.every((p) => p.time === T0 + 60_000)).toBe(true);
      expect(await store.count({ measurement: 'access_point', filter: { municipality: 'county' }, from: T0, to: T0 + 120_000 })).toBe(2 * SERIES);
      expect(await store.range({ measurement: 'access_point', filter: { municipality: 'county' }, fields: ['clients'], from: T0 + 1, to: T0 + 120_000 })).toHaveLength(SERIES);
      expect(await store.earliest('access_point')).toBe(T0);
      await store.deleteBefore('access_point', T0 + 1);
      expect(await store.earliest('access_point')).toBe(T0 + 60_000);
      await store.close();
    }, 120_000);

    it('counts what a range would return, per filter and time range', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b1', T0 + 20_000, 2e6), uplink('b2', T0, 5e6)]);
      const all = { measurement: 'interface' as const, from: T0, to: T0 + 60_000 };
      expect(await store.count(all)).toBe(4);
      expect(await store.count({ ...all, filter: { building: 'b1' } })).toBe(3);
      expect(await store.count({ ...all, filter: { building: 'b1' }, from: T0 + 10_000, to: T0 + 20_000 })).toBe(1);
      expect(await store.count({ ...all, filter: { building: 'b1' }, fields: ['in_bps'] })).toBe(3);
      expect(await store.count({ ...all, filter: { building: 'nowhere' } })).toBe(0);
      expect(await store.count({ ...all, measurement: 'access_point' })).toBe(0);
      await store.close();
    });

    it('lets timers fire between queries, so a long chain of them never holds the server', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6)]);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      // A roll-up of a month asks hour by hour: 720 queries and writes in a row.
      for (let i = 0; i < 50; i++) {
        await store.range({ measurement: 'interface', filter: { building: 'b1' }, from: T0, to: T0 + 1 });
        await store.write([uplink('b1', T0 + i, 1e6)]);
      }
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(0);
      await store.close();
    });

    it('filters by tags and by time range, oldest first, end exclusive', async () => {
      const store = await open();
      await store.write([uplink('b1', T0 + 20_000, 3e6), uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 9e6)]);
      const points = await store.range({ measurement: 'interface', filter: { building: 'b1' }, from: T0, to: T0 + 20_000 });
      expect(points.map((p) => [p.time, p.fields.in_bps])).toEqual([
        [T0, 1e6],
        [T0 + 10_000, 2e6],
      ]);
      expect(await store.range({ measurement: 'interface', filter: { building: 'nowhere' }, from: T0, to: T0 + 60_000 })).toEqual([]);
      await store.close();
    });

    it('reads only the fields asked for, and leaves out points that have none of them', async () => {
      const store = await open();
      const partial: Point = { ...uplink('b1', T0 + 10_000, 0), fields: { out_bps: 5e5 } };
      await store.write([uplink('b1', T0, 1e6), partial, uplink('b2', T0, 9e6)]);
      const points = await store.range({ measurement: 'interface', filter: { building: 'b1' }, from: T0, to: T0 + 60_000, fields: ['in_bps', 'utilisation'] });
      expect(points).toEqual([{ ...uplink('b1', T0, 1e6), fields: { in_bps: 1e6, utilisation: 1e6 / 1e9 } }]);
      await store.close();
    });

    it('replaces a point written again for the same series and instant', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6)]);
      await store.write([uplink('b1', T0, 4e6)]);
      const points = await store.range({ measurement: 'interface', from: T0, to: T0 + 1 });
      expect(points.map((p) => p.fields.in_bps)).toEqual([4e6]);
      await store.close();
    });

    it('keeps measurements apart and treats tag values literally (quotes, spaces, unicode)', async () => {
      const store = await open();
      const odd = { ...uplink("Sørfløyen 'B'", T0, 7e6) };
      await store.write([odd, { measurement: 'device', tags: { municipality: 'm', school: 's1', device: 'd1', role: 'switch' }, fields: { up: 1, poll_ms: 12 }, time: T0 }]);
      expect(await store.latest('interface', { building: "Sørfløyen 'B'" })).toEqual([odd]);
      expect((await store.latest('device')).map((p) => p.fields)).toEqual([{ up: 1, poll_ms: 12 }]);
      await store.close();
    });
  
    it('deletes the points of one measurement older than an instant, and nothing else', async () => {
      const store = await open();
      const device = (time: number): Point => ({ measurement: 'device', tags: { municipality: 'm', device: 'd1' }, fields: { up: 1 }, time });
      await store.write([uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0 + 5_000, 3e6), device(T0)]);
      expect(await store.earliest('interface')).toBe(T0);
      expect(await store.earliest('radio')).toBeUndefined();
      await store.deleteBefore('interface', T0 + 10_000);
      expect(await store.earliest('interface')).toBe(T0 + 10_000);
      expect((await store.range({ measurement: 'interface', from: 0, to: T0 + 60_000 })).map((p) => p.time)).toEqual([T0 + 10_000]);
      expect((await store.range({ measurement: 'device', from: 0, to: T0 + 60_000 })).map((p) => p.time)).toEqual([T0]);
      await store.close();
    });
  
    it('rolls raw points up into hourly mean, max and p95, the same on a second run, each kept for its retention', async () => {
      const store = await open();
      const H = 3_600_000;
      const DAY = 24 * H;
      // Hour 0: 1…6 Mbit/s every 10 minutes; hour 1: 2 Mbit/s twice.
      const raw = [1, 2, 3, 4, 5, 6].map((n, i) => uplink('b1', T0 + i * 600_000, n * 1e6)).concat([uplink('b1', T0 + H, 2e6), uplink('b1', T0 + H + 1800_000, 2e6)]);
      await store.write(raw);
      const policy = { rawDays: 30, rollupYears: 5 };
      const report = await maintain(store, T0 + 2 * H + 60_000, policy, { timeZoneOf: OSLO });
      // The first run starts at the first hour with raw points, not thirty days back.
      expect([report.fromHour, report.toHour]).toEqual([T0, T0 + 2 * H]);
      const rolled = await store.range({ measurement: 'interface_1h', from: 0, to: T0 + DAY });
      expect(rolled.map((p) => [p.time, p.tags.building, p.fields.samples, p.fields.in_bps_mean, p.fields.in_bps_max, p.fields.in_bps_p95])).toEqual([
        [T0, 'b1', 6, 3.5e6, 6e6, 6e6],
        [T0 + H, 'b1', 2, 2e6, 2e6, 2e6],
      ]);
      expect(rolled[0]!.fields.utilisation_mean).toBeCloseTo(0.0035, 12);
      expect(rolled[0]!.tags).toEqual(raw[0]!.tags);

      await maintain(store, T0 + 2 * H + 120_000, policy, { timeZoneOf: OSLO });
      expect(await store.range({ measurement: 'interface_1h', from: 0, to: T0 + DAY })).toEqual(rolled);

      // A month on, the raw points are gone and the roll-ups stay; five years on, those go too.
      // (As a scheduler that kept running would: its last run was an hour ago.)
      await maintain(store, T0 + 31 * DAY, policy, { timeZoneOf: OSLO, since: T0 + 31 * DAY - H });
      expect(await store.range({ measurement: 'interface', from: 0, to: T0 + DAY })).toEqual([]);
      expect(await store.range({ measurement: 'interface_1h', from: 0, to: T0 + DAY })).toEqual(rolled);
      const fiveYearsOn = T0 + Math.round(5 * 365.25 + 1) * DAY;
      await maintain(store, fiveYearsOn, policy, { timeZoneOf: OSLO, since: fiveYearsOn - H });
      expect(await store.range({ measurement: 'interface_1h', from: 0, to: T0 + DAY })).toEqual([]);
      await store.close();
    });
  
    it("rolls the hour before up again in the next hour's first minutes, and its day, so points written a little late are in both", async () => {
      const store = await open();
      const { H, DAY, midnight, policy } = LATE;
      const samplesAt = samplesOf(store);
      await store.write([uplink('b1', midnight - 50 * 60_000, 1e6)]);
      // The scheduler's first run after midnight, 15 s into the hour: its last run reached 23:00.
      const first = await maintain(store, midnight + 15_000, policy, { timeZoneOf: OSLO, since: midnight - H });
      expect(await samplesAt('interface_1h', midnight - H)).toBe(1);
      expect(await samplesAt('interface_1d', midnight - DAY)).toBe(1);
      // A poll cycle that began at 23:59:50 writes after that run.
      await store.write([uplink('b1', midnight - 5_000, 3e6)]);
      const next = await maintain(store, midnight + 5 * 60_000 + 15_000, policy, { timeZoneOf: OSLO, since: first.toHour });
      expect(next.fromHour).toBe(midnight - H);
      expect(await samplesAt('interface_1h', midnight - H)).toBe(2);
      expect(await samplesAt('interface_1d', midnight - DAY)).toBe(2);
      // Ten minutes on, the hour before is left as it is.
      expect((await maintain(store, midnight + 10 * 60_000 + 15_000, policy, { timeZoneOf: OSLO, since: next.toHour })).fromHour).toBe(midnight);
      await store.close();
    });

    it('rolls up again the hours a late note names (a spool emptied after an outage), and their days, once', async () => {
      const store = await open();
      const { H, DAY, midnight, policy } = LATE;
      const samplesAt = samplesOf(store);
      // 10:00 two days ago: one point, rolled up with its day.
      const hour = midnight - 2 * DAY + 10 * H;
      await store.write([uplink('b1', hour + 60_000, 1e6)]);
      const now = midnight + 3 * H;
      const first = await maintain(store, now, policy, { timeZoneOf: OSLO, since: hour });
      expect([await samplesAt('interface_1h', hour), await samplesAt('interface_1d', midnight - 2 * DAY)]).toEqual([1, 1]);
      // A collector's spool, emptied after the outage, writes more of that hour, and its note.
      const spooled = uplink('b1', hour + 30 * 60_000, 3e6);
      await store.write([spooled, lateNote({ from: spooled.time, to: spooled.time, points: 1 }, 'c1', now + 60_000)]);
      const second = await maintain(store, now + 5 * 60_000, policy, { timeZoneOf: OSLO, since: first.toHour, late: first.late });
      expect(second.lateHours).toEqual([hour]);
      expect([await samplesAt('interface_1h', hour), await samplesAt('interface_1d', midnight - 2 * DAY)]).toEqual([2, 2]);
      // The next run has handled the note; a process's first run reads the last day's notes again.
      expect((await maintain(store, now + 10 * 60_000, policy, { timeZoneOf: OSLO, since: second.toHour, late: second.late })).lateHours).toEqual([]);
      expect((await maintain(store, now + 15 * 60_000, policy, { timeZoneOf: OSLO, since: second.toHour })).lateHours).toEqual([hour]);
      // Notes are kept a day.
      await maintain(store, now + DAY + 2 * 60_000, policy, { timeZoneOf: OSLO, since: second.toHour + DAY });
      expect(await store.range({ measurement: 'late_points', from: 0, to: now + 2 * DAY })).toEqual([]);
      await store.close();
    });

    it('answers a field in steps (mean, max, p95), summed across series, and the weekday × hour grid', async () => {
      const store = await open();
      const H = 3_600_000;
      const ap = (id: string, time: number, clients: number): Point => ({ measurement: 'access_point', tags: { municipality: 'm', school: 's1', building: 'b1', ap: id }, fields: { clients, up: 1 }, time });
      // Tuesday 09:00Z (10:00 in Oslo): two APs, a sample every 15 minutes for two hours.
      const a1 = [10, 20, 30, 40, 50, 60, 70, 80];
      const a2 = [1, 2, 3, 4, 5, 6, 7, 8];
      await store.write([...a1.map((c, i) => ap('ap1', T0 + i * 900_000, c)), ...a2.map((c, i) => ap('ap2', T0 + i * 900_000, c))]);
      const base = { measurement: 'access_point' as const, field: 'clients', filter: { building: 'b1' }, from: T0, to: T0 + 2 * H };

      const halfHours = await aggregateSeries(store, { ...base, stepMs: 1800_000, aggregation: 'mean' });
      expect(halfHours.map((s) => [s.tags.ap, s.source, s.points.map((p) => p.value)]).sort()).toEqual([
        ['ap1', 'raw', [15, 35, 55, 75]],
        ['ap2', 'raw', [1.5, 3.5, 5.5, 7.5]],
      ]);
      const total = await aggregateSeries(store, { ...base, stepMs: 1800_000, aggregation: 'max', across: 'sum' });
      expect(total).toEqual([{ tags: { building: 'b1' }, source: 'raw', points: [22, 44, 66, 88].map((value, i) => ({ time: T0 + i * 1800_000, value })) }]);

      // Hourly steps come from the roll-ups, and agree with the raw points they summarise.
      await maintain(store, T0 + 2 * H + 60_000, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: OSLO });
      for (const aggregation of ['mean', 'max', 'p95'] as const) {
        const fromRollups = await aggregateSeries(store, { ...base, stepMs: H, aggregation, across: 'sum' });
        expect(fromRollups[0]!.source).toBe('hourly');
        const perHour = (values: number[]) => [values.slice(0, 4), values.slice(4)].map((v) => (aggregation === 'mean' ? v.reduce((a, b) => a + b, 0) / 4 : Math.max(...v)));
        const expected = perHour(a1).map((v, i) => v + perHour(a2)[i]!);
        expect(fromRollups[0]!.points.map((p) => p.value), aggregation).toEqual(expected);
      }
      const grid = await busyHourGrid(store, { ...base, aggregation: 'max', across: 'sum', timeZone: 'Europe/Oslo' });
      expect(grid).toEqual([
        { weekday: 2, hour: 10, mean: 44, max: 44, hours: 1 },
        { weekday: 2, hour: 11, mean: 88, max: 88, hours: 1 },
      ]);
      await store.close();
    });

    it('aggregates where the data is (if it can) exactly as the same steps made from its points', async () => {
      const store = await open();
      const H = 3_600_000;
      // Three APs over a day at irregular times, a point now and then without the field, and hours
      // of roll-ups with their sample counts: every step has a different number of values.
      let seed = 3;
      const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
      const points: Point[] = [];
      for (const ap of ['ap1', 'ap2', 'ap3']) {
        for (let t = T0; t < T0 + 24 * H; t += 30_000 + Math.floor(random() * 90_000)) {
          const tags = { municipality: 'm', school: 's1', building: 'b1', ap };
          points.push({ measurement: 'access_point', tags, fields: random() < 0.05 ? { up: 1 } : { clients: Math.floor(random() * 60), up: 1 }, time: t });
        }
      }
      await store.write(points);
      await maintain(store, T0 + 25 * H, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: OSLO });
      // The same store without its own aggregation: queries.ts steps the points itself.
      const pointsOnly: Store = { write: (p) => store.write(p), latest: (m, f) => store.latest(m, f), range: (q) => store.range(q), count: (q) => store.count(q), earliest: (m) => store.earliest(m), deleteBefore: (m, t) => store.deleteBefore(m, t), close: () => store.close() };
      const base = { measurement: 'access_point' as const, field: 'clients', filter: { building: 'b1' }, from: T0 + 7 * 60_000, to: T0 + 23 * H };
      for (const stepMs of [60_000, 900_000, H, 6 * H]) {
        for (const aggregation of ['mean', 'max', 'p95'] as const) {
          for (const across of [undefined, 'sum'] as const) {
            const q = { ...base, stepMs, aggregation, across };
            const sorted = (series: AggregatedSeries[]) => series.map((x) => ({ ...x, points: x.points.map((p) => ({ time: p.time, value: Math.round(p.value * 1e9) / 1e9 })) })).sort((a, b) => (a.tags.ap ?? '').localeCompare(b.tags.ap ?? ''));
            const own = sorted(await aggregateSeries(store, q));
            expect(own.flatMap((x) => x.points).length, `${stepMs} ${aggregation} ${across}`).toBeGreaterThan(0);
            expect(own, `${stepMs} ms, ${aggregation}, ${across ?? 'per AP'}`).toEqual(sorted(await aggregateSeries(pointsOnly, q)));
          }
        }
      }
      await store.close();
    }, 60_000);

    it('answers one-day steps from daily roll-ups as from the hourly ones, made a week per run for days before the oldest, and whole days only', async () => {
      const store = await open();
      const H = 3_600_000;
      const DAY = 24 * H;
      // Twenty days of three APs' hourly roll-ups, from a day's start: sample counts vary, and an
      // hour now and then has no clients (only up).
      let seed = 11;
      const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
      const start = Math.floor(T0 / DAY) * DAY - 19 * DAY;
      const now = start + 20 * DAY + 5 * H + 60_000;
      const hours: Point[] = [];
      for (const ap of ['ap1', 'ap2', 'ap3']) {
        for (let t = start; t < now; t += H) {
          const samples = 30 + Math.floor(random() * 31);
          const clients: Record<string, number> = random() < 0.05 ? {} : { clients_mean: random() * 30, clients_max: 30 + random() * 30, clients_p95: 20 + random() * 30 };
          hours.push({ measurement: 'access_point_1h', tags: { municipality: 'm', school: 's1', building: 'b1', ap }, fields: { samples, up_mean: 1, up_max: 1, up_p95: 1, ...clients }, time: t });
        }
      }
      await store.write(hours);
      const daysOf = async () => (await store.range({ measurement: 'access_point_1d', from: 0, to: now })).map((p) => p.time);
      const hideDays = <A extends unknown[], R>(call: (...a: A) => Promise<R>, none: R) => (...a: A) => ((a[0] as { measurement?: string }).measurement?.endsWith('_1d') ? Promise.resolve(none) : call(...a));
      const hourlyOnly: Store = { write: (p) => store.write(p), latest: (m, f) => store.latest(m, f), range: hideDays((q) => store.range(q), []), count: hideDays((q) => store.count(q), 0), earliest: (m) => store.earliest(m), deleteBefore: (m, t) => store.deleteBefore(m, t), close: () => store.close() };
      const rounded = (series: AggregatedSeries[]) => series.map((x) => ({ tags: x.tags, points: x.points.map((p) => ({ time: p.time, value: Math.round(p.value * 1e9) / 1e9 })) })).sort((a, b) => (a.tags.ap ?? '').localeCompare(b.tags.ap ?? ''));
      const sameAsHourly = async () => {
        for (const aggregation of ['mean', 'max', 'p95'] as const) {
          for (const across of [undefined, 'sum'] as const) {
            // From mid-morning twenty days back to now: the first and last days are not whole.
            const q = { measurement: 'access_point' as const, field: 'clients', filter: { building: 'b1' }, from: start + 9 * H, to: now, stepMs: DAY, aggregation, across };
            const answer = await aggregateSeries(store, q);
            expect(answer[0]!.source).toBe('daily');
            expect(rounded(answer), `${aggregation} ${across ?? 'per AP'}`).toEqual(rounded(await aggregateSeries(hourlyOnly, q)));
          }
        }
      };
      // An install upgraded with hourly roll-ups only: each run rolls up the week before its oldest day.
      const policy = { rawDays: 30, rollupYears: 5 };
      const today = Math.floor(now / DAY) * DAY;
      const report = await maintain(store, now, policy, { timeZoneOf: OSLO, since: now - H });
      expect(report.dailyPoints).toBe(7 * 3);
      expect(new Set(await daysOf())).toEqual(new Set(Array.from({ length: 7 }, (_, i) => today - (7 - i) * DAY)));
      await sameAsHourly();
      // The runs after carry how far back the days are: the store is not asked for its oldest points again.
      let asked = 0;
      const watched: Store = Object.assign(Object.create(store), { earliest: (m: Parameters<Store['earliest']>[0]) => (asked++, store.earliest(m)) });
      const second = await maintain(watched, now, policy, { timeZoneOf: OSLO, since: now - H, days: report.days });
      await maintain(watched, now, policy, { timeZoneOf: OSLO, since: now - H, days: second.days });
      expect(asked).toBe(0);
      // Every whole day, and not today, still filling.
      expect(new Set(await daysOf())).toEqual(new Set(Array.from({ length: 20 }, (_, i) => start + i * DAY)));
      expect((await maintain(store, now, policy, { timeZoneOf: OSLO, since: now - H })).dailyPoints).toBe(0);
      await sameAsHourly();
      // A day's roll-up holds that day's hours: samples summed, clients' max the largest.
      const day = await store.range({ measurement: 'access_point_1d', filter: { ap: 'ap2' }, from: start + 3 * DAY, to: start + 4 * DAY });
      const itsHours = hours.filter((h) => h.tags.ap === 'ap2' && h.time >= start + 3 * DAY && h.time < start + 4 * DAY);
      expect(day[0]!.fields.samples).toBe(itsHours.reduce((n, h) => n + h.fields.samples!, 0));
      expect(day[0]!.fields.clients_max).toBe(Math.max(...itsHours.map((h) => h.fields.clients_max ?? 0)));
      // Once today is whole, the next run rolls it up.
      expect((await maintain(store, today + DAY + 60_000, policy, { timeZoneOf: OSLO, since: now - H })).dailyPoints).toBe(3);
      await store.close();
    }, 60_000);

    it("summarises a window of roll-ups per group where the data is, as the same summary made from its points", async () => {
      const store = await open();
      const H = 3_600_000;
      // Ten days of hourly roll-ups of two buildings' APs, their radios on two bands (one radio names
      // none), with a gap, hours whose fields are missing, and the oldest day not marked either way
      // (roll-ups made before marking existed).
      let seed = 11;
      const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
      const points: Point[] = [];
      const start = Date.parse('2026-11-16T00:00:00Z');
      for (let time = start; time < start + 10 * 24 * H; time += H) {
        if (random() < 0.03) continue;
        const marked = time >= start + 24 * H;
        for (const [building, aps] of [['b1', 3], ['b2', 2]] as const) {
          for (let a = 1; a <= aps; a++) {
            const fields: Record<string, number> = { samples: 60 + Math.floor(random() * 3) };
            if (marked) fields.school_hours = inBusyHours(time, 'Europe/Oslo') ? 1 : 0;
            // One school hour in which no AP reported clients at all.
            if (random() > 0.05 && time !== start + 2 * 24 * H + 9 * H) fields.clients_p95 = Math.floor(random() * 40);
            fields.channel_utilisation_p95 = Math.round(random() * 1000) / 10;
            const tags = { municipality: 'm', school: 's1', building, ap: `${building}-ap${a}` };
            points.push({ measurement: 'access_point_1h', tags, fields, time });
            for (const radio of ['1', '2']) {
              const band = radio === '1' ? '2.4GHz' : '5GHz';
              points.push({ measurement: 'radio_1h', tags: { ...tags, radio, ...(a === 2 && radio === '2' ? {} : { band }) }, fields: { ...fields, clients_p95: Math.floor(random() * 30) }, time });
            }
          }
        }
      }
      points.push({ measurement: 'access_point_1h', tags: { municipality: 'other', school: 's9', building: 'b9', ap: 'b9-ap1' }, fields: { samples: 60, school_hours: 1, clients_p95: 999 }, time: start + 3 * 24 * H + 10 * H });
      await store.write(points);
      const window = { filter: { municipality: 'm' }, from: start + 2 * H, to: start + 9 * 24 * H };
      const queries: SummaryQuery[] = [
        { measurement: 'access_point_1h', ...window, groupBy: ['building'], peakSum: ['clients_p95'], totals: ['samples'] },
        { measurement: 'access_point_1h', ...window, groupBy: ['building', 'ap'], p95: ['channel_utilisation_p95', 'clients_p95'] },
        { measurement: 'radio_1h', ...window, groupBy: ['building', 'band'], peakSum: ['clients_p95'] },
        { measurement: 'radio_1h', ...window, filter: { building: 'b1' }, groupBy: [], p95: ['channel_utilisation_p95'], peakSum: ['clients_p95'], totals: ['samples', 'clients_p95'] },
      ];
      const sorted = (groups: GroupSummary[], by: readonly string[]) => [...groups].sort((a, b) => JSON.stringify(by.map((k) => a.tags[k])).localeCompare(JSON.stringify(by.map((k) => b.tags[k]))));
      for (const q of queries) {
        const own = await store.summarise?.(q);
        if (!own) continue;
        const reference = summariseFromPoints(await store.range({ measurement: q.measurement, filter: q.filter, from: q.from, to: q.to }), q);
        expect(reference.length, JSON.stringify(q.groupBy)).toBeGreaterThan(q.groupBy.length > 0 ? 1 : 0);
        expect(sorted(own, q.groupBy), JSON.stringify(q)).toEqual(sorted(reference, q.groupBy));
      }
      await store.close();
    }, 60_000);
  });
}
