// /api/v1/series and /api/v1/busy-hours over the embedded store, through the Hono app itself.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { RollupCache } from '../../api/rollup-cache.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { maintain } from '../../store/maintenance.ts';
import type { Point } from '../../store/point.ts';
import { timeZoneOf } from '../../config/inventory.ts';

const config = demoConfig();
const T0 = Date.parse('2026-11-24T09:00:00Z'); // Tuesday, 10:00 in Oslo
const H = 3_600_000;
const ap = (id: string, time: number, clients: number): Point => ({
  measurement: 'access_point',
  tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', ap: id, controller: 'nu-wlc' },
  fields: { clients, up: 1 },
  time,
});

// The answers are checked field by field; their types are the API's own concern.
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

async function appWithData() {
  const store = new EmbeddedStore(':memory:');
  const points: Point[] = [];
  for (let i = 0; i < 12; i++) points.push(ap('nu-gamle-ap01', T0 + i * 600_000, 10 + i), ap('nu-gamle-ap02', T0 + i * 600_000, 20));
  await store.write(points);
  await maintain(store, T0 + 2 * H + 1, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: timeZoneOf(config) });
  return { store, app: createApp({ config, store, now: () => T0 + 2 * H }) };
}

describe('series and busy-hour API', () => {
  it('keeps a roll-up answer until maintenance runs again, answers a later `to` in the same hour alike, and never keeps raw answers', async () => {
    const { store } = await appWithData();
    const rollupCache = new RollupCache();
    const app = createApp({ config, store, rollupCache, now: () => T0 + 2 * H });
    const q = `measurement=access_point&field=clients&building=nu-gamle&across=sum&aggregation=max&from=${T0}`;
    const hourly = async (to: number) => (await json(app.request(`/api/v1/series?${q}&to=${to}&step=3600`))).series[0].points.map((p: any) => p.value);
    const raw = async () => (await json(app.request(`/api/v1/series?${q}&to=${T0 + 2 * H}&step=1800`))).series[0].points.map((p: any) => p.value);
    expect(await hourly(T0 + 2 * H)).toEqual([35, 41]);
    // A changed hour and a new raw point, as a poll and a later roll-up would write them.
    await store.write([{ measurement: 'access_point_1h', tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', ap: 'nu-gamle-ap01', controller: 'nu-wlc' }, fields: { clients_max: 99, clients_mean: 50, clients_p95: 90, samples: 6 }, time: T0 + H }]);
    await store.write([ap('nu-gamle-ap02', T0 + 90 * 60_000 + 1, 70)]);
    expect(await raw()).toEqual([32, 35, 38, 41 - 20 + 70]);
    expect(await hourly(T0 + 2 * H)).toEqual([35, 41]);
    expect(await hourly(T0 + 2 * H - 1)).toEqual([35, 41]);
    rollupCache.rolledUp();
    expect(await hourly(T0 + 2 * H)).toEqual([35, 99 + 20]);
    await store.close();
  });

  it('answers a building total in steps, from raw points below an hour and roll-ups from an hour', async () => {
    const { app, store } = await appWithData();
    const q = `measurement=access_point&field=clients&building=nu-gamle&across=sum&aggregation=max&from=${T0}&to=${T0 + 2 * H}`;
    const raw = await json(app.request(`/api/v1/series?${q}&step=1800`));
    expect(raw.series).toEqual([{ tags: { building: 'nu-gamle', municipality: 'fjordvik' }, source: 'raw', points: [32, 35, 38, 41].map((value, i) => ({ time: T0 + i * 1800_000, value })) }]);
    const hourly = await json(app.request(`/api/v1/series?${q}&step=3600`));
    expect(hourly.series[0]).toMatchObject({ source: 'hourly', points: [{ time: T0, value: 35 }, { time: T0 + H, value: 41 }] });
    // Gzipped for a reader who takes it, the same answer.
    const zipped = await app.request(`/api/v1/series?${q}&step=1800`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString())).toEqual(raw);
    await store.close();
  });

  it('chooses a step of about 500 values when none is given', async () => {
    const { app, store } = await appWithData();
    const week = await json(app.request(`/api/v1/series?measurement=access_point&field=clients&from=${T0 - 7 * 24 * H}&to=${T0 + 2 * H}`));
    expect(week.stepSeconds).toBe(3600);
    const hour = await json(app.request(`/api/v1/series?measurement=access_point&field=clients&from=${T0}&to=${T0 + H}`));
    expect(hour.stepSeconds).toBe(10);
    await store.close();
  });

  it('gives the weekday × hour grid in local time', async () => {
    const { app, store } = await appWithData();
    const grid = await json(app.request('/api/v1/busy-hours?measurement=access_point&field=clients&building=nu-gamle&aggregation=max'));
    expect(grid.timeZone).toBe('Europe/Oslo');
    expect(grid.cells).toEqual([
      { weekday: 2, hour: 10, mean: 35, max: 35, hours: 1 },
      { weekday: 2, hour: 11, mean: 41, max: 41, hours: 1 },
    ]);
    await store.close();
  });

  it('refuses an unknown parameter or value with 400, naming it', async () => {
    const { app, store } = await appWithData();
    const unknown = await app.request('/api/v1/series?measurement=access_point&field=clients&bulding=x');
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).message).toMatch(/^query parameter bulding:/);
    const badAgg = await app.request('/api/v1/busy-hours?measurement=access_point&field=clients&aggregation=median');
    expect(badAgg.status).toBe(400);
    expect((await json(badAgg)).message).toMatch(/^query parameter aggregation:/);
    await store.close();
  });

  it('refuses more steps than a chart shows, naming the longest range for the step asked', async () => {
    const { app, store } = await appWithData();
    const month = await app.request(`/api/v1/series?measurement=access_point&field=clients&building=nu-gamle&from=${T0 - 31 * 24 * H}&to=${T0}&step=60`);
    expect(month.status).toBe(400);
    expect(await json(month)).toEqual({ status: 400, field: 'step', message: '44640 steps asked for, at most 2000 are answered: the longest range for a 60 s step is 33 h 20 min; take a larger step, or leave it out for one that fits' });
    // The longest range for the step is answered.
    expect((await app.request(`/api/v1/series?measurement=access_point&field=clients&building=nu-gamle&from=${T0 - 2000 * 60_000}&to=${T0}&step=60`)).status).toBe(200);
    expect((await app.request(`/api/v1/series?measurement=access_point&field=clients&from=${T0}&to=${T0}`)).status).toBe(400);
    // Forty years with no step: no step fits, and the answer says what range does.
    const decades = await app.request(`/api/v1/series?measurement=access_point&field=clients&building=nu-gamle&from=${T0 - 40 * 365 * 24 * H}&to=${T0}`);
    expect(await json(decades)).toEqual({ status: 400, field: 'from', message: '2086 steps asked for, at most 2000 are answered: a range is at most 14000 days (at the largest step, 7 days); ask for a shorter one' });
    await store.close();
  });

  it('reads up to 150,000 stored points for one answer, and past that refuses, saying how to narrow it', async () => {
    const store = new EmbeddedStore(':memory:');
    // APs polled every minute for 24.75 h: 1,485 points each.
    const from = T0 - 1485 * 60_000;
    const apSeries = (a: number) => Array.from({ length: 1485 }, (_, i) => ap(`nu-gamle-ap${String(a).padStart(3, '0')}`, from + i * 60_000, 5));
    for (let a = 0; a < 101; a++) await store.write(apSeries(a));
    const app = createApp({ config, store, now: () => T0 });
    const url = `/api/v1/series?measurement=access_point&field=clients&across=sum&from=${from}&to=${T0}&step=60`;
    // 149,985 points: answered.
    const atBound = await app.request(url);
    expect(atBound.status).toBe(200);
    expect((await json(atBound)).series[0].points).toHaveLength(1485);
    await store.write(apSeries(101));
    const over = await app.request(url);
    expect(over.status).toBe(400);
    expect((await json(over)).message).toBe('This would read 151,470 stored points; one answer reads at most 150,000. Name a school, building, device or access point, or ask for a shorter range, or a step of an hour or more (read from the hourly roll-ups).');
    await store.close();
  });
});
