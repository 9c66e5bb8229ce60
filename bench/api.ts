// `npm run bench` (API): requests per second and latency for the answers the dashboard asks most,
// under concurrent load (bench/load.ts: 16 readers taking gzip, as browsers do), with 500 and
// 5,000 schools in the embedded store:
//  - /api/v1/overview: every school's and building's newest load (goal: p99 < 50 ms and < 150 KB on
//    the wire at 500 schools; p99 < 200 ms at 5,000, the slowest answer < 200 ms and no event-loop
//    block over 100 ms while it is made again, by perf_hooks.monitorEventLoopDelay);
//  - /api/v1/series: one building's uplink over a year in one-day steps, from the daily roll-ups and
//    the hourly ones of the day not rolled up yet (500 schools), as
//    served (kept until maintenance runs) and read anew for every answer (goal: p99 < 100 ms), and
//    read anew from a real influxd (BENCH_INFLUX=0 leaves that out).
// Prints figures beside their goals; asserts nothing.
import { serve } from '@hono/node-server';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, wireBytes } from './load.ts';
import { createApp } from '../api/app.ts';
import { LiveFeed } from '../api/live.ts';
import { RollupCache } from '../api/rollup-cache.ts';
import { countyConfig, pollPoints } from './county.ts';
import { EmbeddedStore } from '../store/embedded.ts';
import { InfluxStore } from '../store/influx.ts';
import { dayOf, rollUpDays } from '../store/daily.ts';
import { influxQuery, startInfluxd } from '../test/support/servers.ts';
import type { Point } from '../store/point.ts';

const SIZES = (process.env.BENCH_SCHOOLS ?? '500,5000').split(',').map(Number);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const YEAR_BUILDINGS = 20;
const NOW = Date.parse('2026-11-23T10:00:00Z');
const H = 3_600_000;
const POLL_MS = 10_000;
const GOALS: Record<number, { p99Ms: number; kb?: number }> = { 500: { p99Ms: 50, kb: 150 }, 5000: { p99Ms: 200 } };

/** A year of a building's hourly uplink roll-ups, and the daily ones maintenance makes of its whole days. */
function yearOfUplink(building: string): Point[] {
  const hours: Point[] = [];
  for (let t = NOW - 365 * 24 * H; t < NOW; t += H) hours.push({ measurement: 'interface_1h', tags: { municipality: 'land', school: building.split('-')[0]!, device: `${building}-sw`, interface: 'up', link: 'uplink', building }, fields: { utilisation_mean: 0.2, utilisation_max: 0.5, utilisation_p95: 0.4, in_bps_p95: 4e8, out_bps_p95: 5e7, samples: 360 }, time: t });
  return [...hours, ...rollUpDays('interface_1h', hours.filter((h) => h.time < dayOf(NOW)))];
}

/** The one-year chart's request: a building's uplink utilisation, p95, in the default step (one day). */
const yearPath = () => `/api/v1/series?measurement=interface&field=utilisation&building=s0-b0&link=uplink&aggregation=p95&from=${NOW - 365 * 24 * H}&to=${NOW}`;

const listen = async (app: ReturnType<typeof createApp>) => {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

async function bench(SCHOOLS: number): Promise<void> {
const config = countyConfig(SCHOOLS);

const dir = mkdtempSync(join(tmpdir(), 'kapasitet-bench-api-'));
const store = new EmbeddedStore(join(dir, 'store.sqlite'));
const latest = pollPoints(config, NOW - 30_000);
await store.write(latest);
// A year of hourly uplink roll-ups for the first buildings.
for (const b of config.schools.flatMap((s) => s.buildings).slice(0, YEAR_BUILDINGS)) await store.write(yearOfUplink(b.id));

// As `serve` runs: the overview is made again after each stored poll. Polls come every 60 s; here
// every 10 s, so each run below pays for at least one remaking while it is measured. Maintenance,
// which roll-up answers are kept until, is made to run as often (in serve: every five minutes).
const live = new LiveFeed(true);
const rollupCache = new RollupCache();
const polls = setInterval(() => {
  live.stored(Date.now());
  rollupCache.rolledUp();
}, POLL_MS);
const asServed = await listen(createApp({ config, store, live, rollupCache, now: () => NOW }));
// The same answers with nothing kept: every series request reads the store.
const uncached = await listen(createApp({ config, store, live, now: () => NOW }));

const year = yearPath();
const targets: [string, string, string][] = [['overview', asServed.base, '/api/v1/overview']];
if (SCHOOLS === SIZES[0]) targets.push(['one-year series, as served (kept until maintenance)', asServed.base, year], ['one-year series, every answer read from the store', uncached.base, year]);
console.log(`api: ${SCHOOLS} schools, ${config.schools.length * 3} buildings, ${latest.length} newest points, a year of hourly and daily roll-ups for ${YEAR_BUILDINGS} buildings; ${CONNECTIONS} connections for ${DURATION_S} s each`);
const headers = { 'accept-encoding': 'gzip' };
for (const [name, base, path] of targets) {
  const check = await fetch(base + path, { headers });
  if (!check.ok) throw new Error(`${path}: ${check.status}`);
  const raw = (await check.arrayBuffer()).byteLength;
  const wire = await wireBytes(base + path, headers);
  // The longest the event loop was held while the answers were made (and made again after each poll).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const result = await load(base + path, { connections: CONNECTIONS, seconds: DURATION_S, headers });
  delay.disable();
  const blockedMs = Math.round(delay.max / 1e6);
  const goal: { p99Ms: number; kb?: number } = (name === 'overview' ? GOALS[SCHOOLS] : undefined) ?? { p99Ms: 100 };
  const against = ` (goal p99 < ${goal.p99Ms} ms${goal.kb ? `, < ${goal.kb} KB on the wire` : ''})`;
  const county = SCHOOLS === 5000 && name === 'overview';
  const slowest = county ? ' (goal < 200 ms)' : '';
  console.log(`api: ${SCHOOLS} schools, ${name}: ${result.requestsPerSecond} requests/s, latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${against}, slowest ${result.maxMs} ms${slowest}; event loop held at most ${blockedMs} ms${county ? ' (goal < 100 ms)' : ''}; ${(wire / 1000).toFixed(0)} KB on the wire (${(raw / 1000).toFixed(0)} KB unzipped), ${result.errors} errors`);
}
clearInterval(polls);
live.end();
for (const { server } of [asServed, uncached]) await new Promise((done) => server.close(done));
await store.close();
rmSync(dir, { recursive: true, force: true });
}

/**
 * The one-year series read anew from a real influxd (goal 3 on InfluxDB): the same year of uplink
 * roll-ups, p95 ranked by InfluxQL's PERCENTILE in GROUP BY time() steps.
 */
async function influxSeries(): Promise<void> {
  const config = countyConfig(SIZES[0]!);
  const server = await startInfluxd();
  await influxQuery(server.url, 'CREATE DATABASE bench');
  const store = await InfluxStore.open({ version: 1, url: server.url, database: 'bench' });
  await store.write(pollPoints(config, NOW - 30_000));
  for (const b of config.schools.flatMap((s) => s.buildings).slice(0, YEAR_BUILDINGS)) await store.write(yearOfUplink(b.id));
  const headers = { 'accept-encoding': 'gzip' };
  const path = yearPath();
  // As served (kept until maintenance, which is made to run every 10 s as above) and read anew.
  const rollupCache = new RollupCache();
  const polls = setInterval(() => rollupCache.rolledUp(), POLL_MS);
  for (const [name, cache] of [['as served (kept until maintenance)', rollupCache], ['every answer read from InfluxDB', undefined]] as const) {
    const { server: listener, base } = await listen(createApp({ config, store, live: new LiveFeed(true), now: () => NOW, ...(cache ? { rollupCache: cache } : {}) }));
    if (!(await fetch(base + path, { headers })).ok) throw new Error(`${path} from InfluxDB failed`);
    const result = await load(base + path, { connections: CONNECTIONS, seconds: DURATION_S, headers });
    console.log(`api: one-year series from InfluxDB, ${name}: ${result.requestsPerSecond} requests/s, latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (goal p99 < 100 ms), slowest ${result.maxMs} ms, ${result.errors} errors`);
    await new Promise((done) => listener.close(done));
  }
  clearInterval(polls);
  await store.close();
  await server.stop();
}

for (const size of SIZES) await bench(size);
if (process.env.BENCH_INFLUX !== '0') await influxSeries();
