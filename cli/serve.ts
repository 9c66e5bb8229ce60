// `kapasitet serve`: collector, API and dashboard in one process; with no config, the demo
// municipality's simulated agents too.
import { serve as listen } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { LiveFeed } from '../api/live.ts';
import { deviceTargets } from '../config/inventory.ts';
import { Collector, cronExpression } from '../collector/collector.ts';
import { loadProfiles } from '../collector/profiles.ts';
import { SpoolingWriter } from '../collector/spool.ts';
import { startSimulator, type RunningSimulator } from '../simulator/index.ts';
import { latestLessonStart } from '../simulator/school-day.ts';
import { seedHistory } from '../simulator/history.ts';
import { maintain, scheduleMaintenance } from '../store/maintenance.ts';
import { openStore } from '../store/open.ts';
import { demoSecrets, findConfig, number, reportConfigError, untilStopped, type CliOptions } from './options.ts';

const DEMO_HISTORY_DAYS = 28;
const DEMO_HISTORY_STEP_MS = 10 * 60_000;

export async function serve(options: CliOptions): Promise<number> {
  let source;
  let port: number | undefined;
  let speed: number | undefined;
  let seed: number | undefined;
  let interval: number | undefined;
  try {
    source = findConfig(options);
    port = number(options.port, 'port');
    speed = number(options.speed, 'speed');
    seed = number(options.seed, 'seed');
    interval = number(options.interval, 'interval');
    if (interval !== undefined) cronExpression(interval);
  } catch (err) {
    return reportConfigError(err);
  }
  let { config, secrets } = source;
  let simulator: RunningSimulator | undefined;
  if (source.demo) {
    simulator = await startSimulator(config, { seed, speed, simStart: latestLessonStart(Date.now(), config.municipalities[0]!.timezone) });
    config = simulator.config;
    secrets = demoSecrets(simulator.community);
    console.log(`demo: ${simulator.agents} simulated SNMP agents for ${config.municipalities.map((m) => m.name).join(', ')} on 127.0.0.1`);
  }
  let store;
  try {
    store = await openStore(config.store, secrets);
  } catch (err) {
    // One sentence (which store, what is wrong), not a stack trace; the agents started for the demo stop.
    console.error(`kapasitet serve: ${(err as Error).message}`);
    await simulator?.stop();
    return 1;
  }
  if (simulator) {
    // A first start of the demo gets four weeks of simulated past, rolled up as maintenance would.
    const started = Date.now();
    const seeded = await seedHistory(store, simulator.pointsAt, started, DEMO_HISTORY_DAYS, DEMO_HISTORY_STEP_MS);
    if (seeded > 0) {
      await maintain(store, started, config.retention);
      console.log(`demo: ${seeded} points of simulated history (${DEMO_HISTORY_DAYS} days) in ${Date.now() - started} ms`);
    }
  }
  const writer = new SpoolingWriter(store, { path: config.collector.spoolPath, maxPoints: config.collector.spoolMaxPoints, log: console.log });
  const collector = new Collector(deviceTargets(config), loadProfiles(), secrets, writer, {
    ...config.collector,
    intervalSeconds: interval ?? config.collector.intervalSeconds,
  });
  const host = config.server.host;
  const live = new LiveFeed();
  let app;
  try {
    app = createApp({ config, store, secrets, host, live, demo: source.demo, collectorStatus: () => ({ cycles: collector.cycles }) });
  } catch (err) {
    // An API token that cannot be resolved: say which, and start nothing.
    console.error(`kapasitet serve: ${(err as Error).message}`);
    await simulator?.stop();
    await store.close();
    return 1;
  }
  const server = listen({ fetch: app.fetch, hostname: host, port: port ?? config.server.port }, (info) => {
    console.log(`Kapasitet dashboard: http://${host}:${info.port}/`);
  });
  const stopMaintenance = scheduleMaintenance(
    store,
    config.retention,
    config.schools.map((school) => ({ school: school.id })),
    console.log,
  );
  collector.start((r) => {
    live.stored(Date.now());
    const down = r.down.length ? `, down: ${r.down.join('; ')}` : '';
    console.log(`poll (every ${r.intervalSeconds} s): ${r.devices} devices in ${r.durationMs} ms, ${r.points} points${down}`);
  });

  console.log(`${await untilStopped()}: stopping`);
  await collector.stop();
  live.end();
  await stopMaintenance();
  // What the store missed stays on disk for the next start if it still cannot take it.
  await writer.flush();
  await new Promise<void>((done) => server.close(() => done()));
  await simulator?.stop();
  await store.close();
  return 0;
}
