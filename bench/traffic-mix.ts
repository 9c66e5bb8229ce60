// `npm run bench` (issue 19, goal 4 with flows): what the plan spends on the busy-hour traffic mix
// when every school of a county exports flows. planMunicipality asks planning/traffic-mix.ts for each
// school with flows; it reads the school's four weeks of hourly class roll-ups (traffic_1h) and
// finds the hour the classes together were busiest. A real influxd holds four weeks of the shipped
// classes for BENCH_MIX_SCHOOLS schools (default 500). Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { classifierFor } from '../flows/classifier.ts';
import { busyHourMix } from '../planning/traffic-mix.ts';
import { InfluxStore } from '../store/influx.ts';
import type { Point } from '../store/point.ts';
import { influxQuery, startInfluxd } from '../test/support/servers.ts';

const SCHOOLS = Number(process.env.BENCH_MIX_SCHOOLS ?? 500);
const H = 3_600_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const classifier = classifierFor({});
const classes = classifier.classes.map((c) => c.id);

/** A school's four weeks: each class's hourly mean follows the school day, differently per class and school. */
function fourWeeks(school: number): Point[] {
  const points: Point[] = [];
  for (let t = NOW - 28 * 24 * H; t < NOW; t += H) {
    const hour = new Date(t).getUTCHours();
    const day = hour >= 7 && hour < 14 ? 1 : 0.05;
    classes.forEach((c, i) => points.push({ measurement: 'traffic_1h', tags: { municipality: 'm', school: `s${school}`, class: c }, fields: { samples: 60, in_bps_mean: day * (1e6 * (i + 1) + ((t / H + school) % 97) * 1e4), in_bps_max: 1e7 }, time: t }));
  }
  return points;
}

const server = await startInfluxd();
try {
  await influxQuery(server.url, 'CREATE DATABASE mix');
  const store = await InfluxStore.open({ version: 1, url: server.url, database: 'mix' });
  const loading = performance.now();
  for (let s = 0; s < SCHOOLS; s++) await store.write(fourWeeks(s));
  console.log(`traffic mix: ${SCHOOLS} schools × ${classes.length} classes × 672 hours loaded in ${((performance.now() - loading) / 1000).toFixed(0)} s`);
  for (const run of [1, 2]) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let s = 0; s < SCHOOLS; s++) await busyHourMix(store, classifier, { municipality: 'm', school: `s${s}` }, NOW);
    const used = process.cpuUsage(cpu);
    console.log(`traffic mix, run ${run}: every school's busy-hour mix, as a plan made anew reads them: ${((performance.now() - started) / 1000).toFixed(1)} s (Kapasitet's CPU ${((used.user + used.system) / 1e6).toFixed(1)} s); goal 4 allows the whole plan 5 s`);
  }
  await store.close();
} finally {
  await server.stop();
}
