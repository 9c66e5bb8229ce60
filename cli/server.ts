// Everything `kapasitet serve` runs, started and stopped as one: the store, the collector, the
// API and dashboard, store maintenance, and (for the demo) the simulated agents and their history.
// The browser tests start the same thing in-process.
import { serve as listen } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app.ts';
import { LiveFeed } from '../api/live.ts';
import { RollupCache } from '../api/rollup-cache.ts';
import { startCollector, type RunningCollector } from '../collector/run.ts';
import type { FlowStatus } from '../flows/receiver.ts';
import type { RunningFlows } from '../flows/run.ts';
import { AlertEvaluator } from '../alerts/evaluator.ts';
import { Notifier } from '../alerts/notify/notifier.ts';
import { AlertStateStore } from '../alerts/state-store.ts';
import { timeZoneOf } from '../config/inventory.ts';
import { loadSummaryKeeper } from '../planning/load-summaries.ts';
import { placeOf } from '../planning/plan-inputs.ts';
import type { Config } from '../config/schema.ts';
import type { Secrets } from '../config/secrets.ts';
import { seedHistory } from '../simulator/history.ts';
import type { RunningSimulator } from '../simulator/index.ts';
import { maintain, scheduleMaintenance } from '../store/maintenance.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';

export interface ServerOptions {
  config: Config;
  secrets: Secrets;
  /** The demo's agents: their history is seeded on a first start, and they stop with the server. */
  simulator?: RunningSimulator;
  port?: number;
  intervalSeconds?: number;
  /** False when separate `kapasitet collect` processes poll: this one serves, maintains and alerts. */
  collect?: boolean;
  /** Days of simulated history for a first demo start. */
  historyDays?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

const HISTORY_STEP_MS = 10 * 60_000;

/** Why the dashboard's port could not be opened, in one sentence that says what to do. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host} port ${port}`;
  if (err.code === 'EADDRINUSE') return `${where} is already in use (another Kapasitet, or another program): stop it, or start with --port or server.port set to a free port`;
  if (err.code === 'EACCES') return `${where} may not be opened by this user (ports below 1024 need privileges): use a port above 1024, behind a reverse proxy`;
  if (err.code === 'EADDRNOTAVAIL') return `${where}: this machine has no address ${host} (server.host)`;
  return `${where} could not be opened: ${err.message}`;
}

/** Starts it all, or throws with one sentence saying what could not start (having stopped what had). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, secrets, simulator } = options;
  const log = options.log ?? console.log;
  const store = await openStore(config.store, secrets, { log, withoutStore: true });
  // Signalled after every stored cycle: by the collector below, or by watchCollectors.
  const live = new LiveFeed(true);
  const rollupCache = new RollupCache();
  let collector: RunningCollector | undefined;
  let flows: RunningFlows | undefined;
  let app;
  let alertState: AlertStateStore | undefined;
  let alerts: AlertEvaluator;
  try {
    alertState = new AlertStateStore(config.alerts.statePath);
    alerts = new AlertEvaluator(config, store, alertState, new Notifier(config, secrets, alertState, log), { log });
    app = createApp({ config, store, secrets, host: config.server.host, live, rollupCache, alerts, demo: !!simulator, storeHealth: () => store.health(), collectorStatus: () => (collector ? { cycles: collector.collector.cycles, spool: collector.spool(), ...(flows ? { flows: flowCounts(flows.receiver.status()) } : {}) } : { cycles: 0 }), metrics: () => collector?.metrics });
  } catch (err) {
    alertState?.close();
    await store.close();
    throw err;
  }
  const host = config.server.host;
  const port = options.port ?? config.server.port;
  const server = listen({ fetch: app.fetch, hostname: host, port });
  // An idle kept-alive connection is closed by the client first (Node's fetch after 4 s, browsers
  // later and with a retry): where the server closed it at 5 s, a busy client could still send its
  // next request down it and get "other side closed" (seen under load in test/e2e/heavy-readers).
  // A request's headers must still arrive within headersTimeout, so an idle socket costs no more.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
  } catch (err) {
    alertState.close();
    await store.close();
    throw new Error(listenError(err as NodeJS.ErrnoException, host, port));
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  if (config.access.users.length === 0 && config.access.tokens.length === 0 && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    // Anonymous reading is never open beyond loopback, so without accounts nobody could get in.
    log(`access: the server listens on ${host} and the config has no access.users or access.tokens: every request will be refused (401). Add a user (kapasitet hash-password) or listen on 127.0.0.1.`);
  }
  alerts.start();
  let stopWatching = () => {};
  if (options.collect !== false) {
    collector = startCollector(config, secrets, store, { intervalSeconds: options.intervalSeconds, log, process: 'serve', onCycle: () => live.stored(Date.now()) });
    void collector.flows.then((running) => {
      flows = running;
      // The demo's router exports to wherever the receiver got its port.
      if (running && simulator) simulator.exportFlowsTo(running.ports[1]!);
    });
  } else {
    stopWatching = watchCollectors(store, live);
  }
  // The demo's past is written while the dashboard already answers: the page is up at once and fills in.
  const seeding = simulator ? seedDemoHistory(store, simulator, config, options.historyDays ?? 28, log).then(() => alerts.refreshForecasts()) : Promise.resolve();
  // Maintenance starts once that past is written: a roll-up of hours still being filled would stand
  // as their summary, and the next run would carry on from the newest hour only.
  // After each run, the plan's load summaries of the new hour are made once (planning/load-summaries.ts).
  const summaries = loadSummaryKeeper(store, config.municipalities.map((m) => placeOf(config, m)), log, () => rollupCache.rolledUp());
  const maintained = () => {
    rollupCache.rolledUp();
    summaries.ran();
  };
  const stoppingMaintenance = seeding.then(() => scheduleMaintenance(store, config.retention, { partitions: config.schools.map((school) => ({ school: school.id })), timeZoneOf: timeZoneOf(config) }, log, maintained));
  return {
    url,
    stop: async () => {
      await seeding;
      stopWatching();
      await collector?.stop();
      await alerts.stop();
      alertState.close();
      live.end();
      const stopMaintenance = await stoppingMaintenance;
      await stopMaintenance();
      await summaries.stop();
      await new Promise<void>((done) => server.close(() => done()));
      await simulator?.stop();
      await store.close();
    },
  };
}

/** The receiver's counts for the health answer: totals, no addresses (the answer is public). */
function flowCounts(s: FlowStatus) {
  const { datagrams, records, unattributedRecords, lostRecords, lostDatagrams } = s;
  return { datagrams, records, unattributedRecords, lostRecords, lostDatagrams, dropped: Object.values(s.dropped).reduce((a, b) => a + b, 0), unknownExporters: s.unknownExporters.length };
}

/** On a first demo start, weeks of simulated past, rolled up as maintenance would. */
async function seedDemoHistory(store: Store, simulator: RunningSimulator, config: Config, days: number, log: (message: string) => void): Promise<void> {
  const started = Date.now();
  try {
    const seeded = await seedHistory(store, simulator.pointsAt, started, days, HISTORY_STEP_MS);
    if (seeded === 0) return;
    await maintain(store, started, config.retention, { timeZoneOf: timeZoneOf(config) });
    log(`demo: ${seeded} points of simulated history (${days} days) in ${Date.now() - started} ms`);
  } catch (err) {
    log(`demo: simulated history not written: ${(err as Error).message}`);
  }
}

/** How often a server without its own collector looks for cycles the collectors have stored. */
const WATCH_MS = 1000;

/**
 * With the collectors in other processes, the live page still updates within about a second of
 * each stored cycle: the newest `collector` point (one per cycle and shard) is watched.
 */
function watchCollectors(store: Store, live: LiveFeed): () => void {
  let newest = 0;
  const timer = setInterval(() => {
    store.latest('collector').then(
      (points) => {
        const time = Math.max(0, ...points.map((p) => p.time));
        if (time > newest) {
          if (newest > 0) live.stored(time);
          newest = time;
        }
      },
      () => {},
    );
  }, WATCH_MS);
  return () => clearInterval(timer);
}
