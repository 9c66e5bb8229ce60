// The collector as a process runs it: its share of the devices, a spool in front of the store, the
// schedules, and a clean stop (polls under way finish, what the store did not take stays on disk).
// `serve` and `collect` both start it this way.
import { deviceTargets } from '../config/inventory.ts';
import type { Config } from '../config/schema.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Store } from '../store/store.ts';
import { Collector, type CycleReport, type WriterStats } from './collector.ts';
import { Metrics } from './metrics.ts';
import { loadProfiles } from './profiles.ts';
import { inShard, type Shard } from './shard.ts';
import { SpoolingWriter } from './spool.ts';
import { startFlows, type RunningFlows } from '../flows/run.ts';

export interface RunningCollector {
  collector: Collector;
  metrics: Metrics;
  devices: number;
  /** What waits on disk for the store, and what a full spool dropped. */
  spool(): WriterStats;
  /** The flow receiver once it listens (with flows in the config; in the first shard only, as a port is bound once). */
  flows: Promise<RunningFlows | undefined>;
  stop(): Promise<void>;
}

export function startCollector(
  config: Config,
  secrets: Secrets,
  store: Store,
  options: { shard?: Shard; intervalSeconds?: number; log: (message: string) => void; onCycle?: (report: CycleReport) => void; process: string },
): RunningCollector {
  const { shard, log } = options;
  const label = shard ? `${shard.index}/${shard.count}` : undefined;
  const targets = deviceTargets(config).filter((t) => !shard || inShard(t.device.id, shard));
  // Each shard keeps its own spool: two processes must never append to one file.
  const spoolPath = shard ? config.collector.spoolPath.replace(/(\.[^./]+)?$/, (ext) => `.shard-${shard.index}-of-${shard.count}${ext}`) : config.collector.spoolPath;
  const writer = new SpoolingWriter(store, { path: spoolPath, maxPoints: config.collector.spoolMaxPoints, log });
  const metrics = new Metrics({ process: options.process, ...(label ? { shard: label } : {}) }, () => writer.stats());
  const collector = new Collector(targets, loadProfiles(), secrets, writer, {
    ...config.collector,
    intervalSeconds: options.intervalSeconds ?? config.collector.intervalSeconds,
    metrics,
    ...(label ? { shard: label } : {}),
    log,
  });
  collector.start((r) => {
    const down = r.down.length ? `, down: ${r.down.map((d) => `${d.device}: ${d.reason}`).join('; ')}` : '';
    const overrun = r.overrun.length ? `, still polling from an earlier slot: ${r.overrun.join(', ')}` : '';
    log(`poll${label ? ` [shard ${label}]` : ''} (every ${r.intervalSeconds} s): ${r.devices} devices in ${r.durationMs} ms, ${r.points} points${down}${overrun}`);
    options.onCycle?.(r);
  });
  const flows = !shard || shard.index === 1
    ? startFlows(config, writer, { log, registry: metrics.registry }).catch((err: Error) => {
        // Polling goes on: a port taken or refused stops only the flows, and says so.
        log(`flows: not receiving (${err.message})`);
        return undefined;
      })
    : Promise.resolve(undefined);
  return {
    collector,
    metrics,
    devices: targets.length,
    spool: () => writer.stats(),
    flows,
    stop: async () => {
      await collector.stop();
      await (await flows)?.stop();
      // What the store missed stays on disk for the next start if it still cannot take it.
      await writer.flush();
    },
  };
}
