// `npm run bench` (plan): the upgrade plan of a county through the API, from a real influxd on
// loopback holding hourly roll-ups (goal 4 of issue 19: 500 schools, < 5 s cold and < 200 ms while
// nothing new was rolled up). The county is bench/county.ts's: 500 schools of three buildings with
// seven APs of two radios each, so 33,500 roll-up series; every school's line exports flows, so the
// last four weeks also hold its eight traffic classes' hourly roll-ups (4,000 series more), and the
// plan finds each line's busy-hour traffic mix. The roll-ups are those of the weeks the plan reads,
// the last four and the same four a year earlier (BENCH_PLAN_WEEKS=52 writes the whole year between
// them too), with the fields the plan reads and the marks every roll-up has: influxd keeps each
// field apart, so the fields left out (means, maxima) cost the load, not the queries.
// With BENCH_INFLUX_URL, an influxd started by hand is used, and loaded only if it has no database
// "plan" yet, so the plan can be measured again without loading again.
// Prints figures beside their goals; asserts nothing.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { observeForecast } from '../alerts/observe-forecast.ts';
import { createApp } from '../api/app.ts';
import { RollupCache } from '../api/rollup-cache.ts';
import { inBusyHours } from '../models/statistics.ts';
import { classifierFor } from '../flows/classifier.ts';
import { keepLoadSummaries } from '../planning/load-summaries.ts';
import { placeOf } from '../planning/plan-inputs.ts';
import { InfluxStore } from '../store/influx.ts';
import { MonitoredStore } from '../store/monitored.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import { influxQuery, startInfluxd } from '../test/support/servers.ts';
import { countyConfig } from './county.ts';

const SCHOOLS = Number(process.env.BENCH_PLAN_SCHOOLS ?? 500);
const WEEKS = Number(process.env.BENCH_PLAN_WEEKS ?? 4);
/** An influxd started by hand (its URL). */
const REUSE = process.env.BENCH_INFLUX_URL;
const H = 3_600_000;
const NOW = Date.parse('2026-11-24T10:30:00Z');
const YEAR = 52 * 7 * 24 * H;
const GOAL = { coldMs: 5000, cachedMs: 200 };

const config = countyConfig(SCHOOLS, { flows: true });
const classes = classifierFor(config).classes.map((c) => c.id);
const server = REUSE ? undefined : await startInfluxd();
const url = REUSE ?? server!.url;
const databases = await (await fetch(`${url}/query?q=SHOW+DATABASES`)).text();
const loaded = databases.includes('"plan"');
if (!loaded) await influxQuery(url, 'CREATE DATABASE plan');
const influx = await InfluxStore.open({ version: 1, url, database: 'plan' });

/** Every roll-up of one hour; figures vary by series and hour. */
function hourOf(time: number): Point[] {
  const busy = inBusyHours(time, 'Europe/Oslo');
  const load = busy ? 1 : 0.1;
  let seed = (time / H) % 2_147_483_647 || 1;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const stats = (name: string, top: number) => ({ [`${name}_p95`]: Math.round(random() * top * load * 100) / 100 });
  const marks = { samples: 360, school_hours: busy ? 1 : 0 };
  const line = (tags: Record<string, string>): Point => {
    const fields: Record<string, number> = { ...marks, ...stats('in_bps', 9e8), ...stats('out_bps', 3e8) };
    return { measurement: 'interface_1h', tags, fields: { ...fields, busier_bps_p95: Math.max(fields.in_bps_p95!, fields.out_bps_p95!) }, time };
  };
  const points: Point[] = [];
  const recent = time > NOW - 28 * 24 * H;
  for (const s of config.schools) {
    const base = { municipality: 'land', school: s.id };
    points.push(line({ ...base, device: `${s.id}-rtr`, interface: 'wan', link: 'internet' }));
    if (recent) for (const c of classes) points.push({ measurement: 'traffic_1h', tags: { ...base, class: c }, fields: { samples: 360, in_bps_mean: Math.round(random() * 1e8 * load) }, time });
    for (const b of s.buildings) {
      points.push(line({ ...base, device: `${b.id}-sw`, interface: 'up', link: 'uplink', building: b.id }));
      for (const ap of b.accessPoints) {
        const tags = { ...base, building: b.id, ap: ap.id, controller: `${s.id}-wlc` };
        points.push({ measurement: 'access_point_1h', tags, fields: { ...marks, ...stats('clients', 45), ...stats('channel_utilisation', 0.9) }, time });
        for (const [radio, band] of [['1', '2.4GHz'], ['2', '5GHz']] as const) {
          points.push({ measurement: 'radio_1h', tags: { ...tags, radio, band }, fields: { ...marks, ...stats('clients', 30), ...stats('channel_utilisation', 95) }, time });
        }
      }
    }
  }
  return points;
}

if (!loaded) {
  const started = Date.now();
  const spans = WEEKS >= 52 ? [[NOW - YEAR - 28 * 24 * H, NOW]] : [[NOW - YEAR - WEEKS * 7 * 24 * H, NOW - YEAR], [NOW - WEEKS * 7 * 24 * H, NOW]];
  let written = 0;
  for (const [from, to] of spans) {
    for (let t = Math.ceil(from! / H) * H; t <= to!; t += H) {
      const points = hourOf(t);
      await influx.write(points);
      written += points.length;
    }
  }
  await influx.close();
  console.log(`loaded ${written.toLocaleString('en')} roll-ups (${config.schools.length} schools) in ${((Date.now() - started) / 1000).toFixed(0)} s; influxd at ${url}`);
}

/** The store as serve wraps it, counting what is asked of influxd. */
let reads = { summaries: 0, ranges: 0, rows: 0 };
const store: Store = Object.assign(Object.create(new MonitoredStore(influx, () => {})), {
  summarise: async (q: Parameters<NonNullable<Store['summarise']>>[0]) => {
    reads.summaries++;
    return influx.summarise(q);
  },
  range: async (q: Parameters<Store['range']>[0]) => {
    const points = await influx.range(q);
    reads.ranges++;
    reads.rows += points.length;
    return points;
  },
});
// No answer from before is taken meanwhile: each plan made anew is waited for however long it takes.
const rollupCache = new RollupCache({ patienceMs: 3_600_000 });
const app = createApp({ config, store, rollupCache, now: () => NOW });
const listener = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => listener.once('listening', r));
const planUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/api/v1/plan?municipality=land`;

const timed = async () => {
  const t = performance.now();
  const res = await fetch(planUrl);
  const body = await res.text();
  if (!res.ok) throw new Error(`plan answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - t, bytes: body.length };
};
/** The plan made anew (maintenance ran), with what it asked of influxd and Kapasitet's own CPU. */
const cold = async (label: string) => {
  rollupCache.rolledUp();
  reads = { summaries: 0, ranges: 0, rows: 0 };
  const cpu = process.cpuUsage();
  const answer = await timed();
  const used = process.cpuUsage(cpu);
  console.log(
    `${label}: ${(answer.ms / 1000).toFixed(2)} s (goal < ${GOAL.coldMs / 1000} s), ${(answer.bytes / 1e6).toFixed(1)} MB of JSON; ` +
      `${reads.summaries} summaries asked, ${reads.ranges} range reads (${reads.rows.toLocaleString('en')} rows) from influxd; Kapasitet's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
  );
};

// Nothing kept: the plan summarises the roll-ups itself, as a CLI run or a fresh start does (two
// minutes at 500 schools; BENCH_PLAN_SPOT=0 leaves it out, and keeps what an earlier run kept).
if (process.env.BENCH_PLAN_SPOT !== '0') {
  await influx.deleteBefore('load_summary', NOW + H);
  await cold('plan cold, summarised on the spot');
}
const keeping = performance.now();
if ((await keepLoadSummaries(influx, [placeOf(config, config.municipalities[0]!)], NOW)).length > 0) console.log(`load summaries kept (once an hour, after maintenance): ${((performance.now() - keeping) / 1000).toFixed(1)} s`);
for (let run = 1; run <= 2; run++) {
  await cold(`plan cold from kept summaries, run ${run}`);
  const cached: number[] = [];
  for (let i = 0; i < 20; i++) cached.push((await timed()).ms);
  cached.sort((a, b) => a - b);
  console.log(`plan cached, run ${run}: median ${cached[10]!.toFixed(0)} ms, slowest of 20 ${cached[19]!.toFixed(0)} ms (goal < ${GOAL.cachedMs} ms)`);
}
// The forecast rule, hourly in serve: the plan (from the kept summaries) and every link's weekly trend.
const forecasting = performance.now();
const forecastCpu = process.cpuUsage();
reads = { summaries: 0, ranges: 0, rows: 0 };
const observed = await observeForecast(store, config, NOW, []);
const forecastUsed = process.cpuUsage(forecastCpu);
console.log(
  `forecast rule (hourly): ${((performance.now() - forecasting) / 1000).toFixed(2)} s for ${observed.length} forecasts; ${reads.summaries} summaries, ${reads.ranges} range reads (${reads.rows.toLocaleString('en')} rows); Kapasitet's CPU ${((forecastUsed.user + forecastUsed.system) / 1e6).toFixed(2)} s`,
);
listener.close();
await server?.stop();
