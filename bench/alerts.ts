// `npm run bench` (alerts, issue 19 goal 5): the live rules over a county of 500 schools, evaluated
// as serve does once a minute, with the last 20 minutes of polls in the embedded store. Prints the
// CPU one evaluation takes and its share of a core at one a minute (goal: < 10 %). The hourly
// forecast (which plans the municipality) is timed apart. Asserts nothing.
import { performance } from 'node:perf_hooks';
import { AlertEvaluator } from '../alerts/evaluator.ts';
import { Notifier } from '../alerts/notify/notifier.ts';
import { AlertStateStore } from '../alerts/state-store.ts';
import { Secrets } from '../config/secrets.ts';
import { EmbeddedStore } from '../store/embedded.ts';
import { countyConfig, pollPoints } from './county.ts';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 500);
const EVALUATIONS = 5;
const MINUTE = 60_000;

const config = countyConfig(SCHOOLS);
const store = new EmbeddedStore(':memory:');
const now = Date.parse('2026-11-24T09:30:00Z');
for (let minute = 20; minute >= 0; minute--) await store.write(pollPoints(config, now - minute * MINUTE, 100 + minute));
const state = new AlertStateStore(':memory:');
let clock = now;
const notifier = new Notifier(config, Secrets.literal({}), state, () => {});

/** CPU (user + system) and wall time of one call, in ms. */
async function measured(run: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

// The first evaluation also makes the forecasts (as serve's does, then hourly).
const withForecast = new AlertEvaluator(config, store, state, notifier, { now: () => clock, log: () => {} });
const forecast = await measured(() => withForecast.evaluate());
const live: { cpuMs: number; wallMs: number }[] = [];
for (let i = 0; i < EVALUATIONS; i++) {
  clock += MINUTE;
  await store.write(pollPoints(config, clock, 200 + i));
  live.push(await measured(() => withForecast.evaluate()));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cpu = median(live.map((m) => m.cpuMs));
console.log(`alerts: ${SCHOOLS} schools (${config.schools.length * 3} buildings, ${config.schools.length * 21} APs), the last 20 minutes of polls`);
console.log(`alerts: one evaluation of the live rules: CPU ${live.map((m) => Math.round(m.cpuMs)).join(', ')} ms, wall ${live.map((m) => Math.round(m.wallMs)).join(', ')} ms; median ${(cpu / MINUTE * 100).toFixed(1)} % of a core at one a minute (goal < 10 %)`);
console.log(`alerts: the first evaluation, with the forecasts (hourly): CPU ${Math.round(forecast.cpuMs)} ms, wall ${Math.round(forecast.wallMs)} ms`);
await notifier.idle();
await store.close();
