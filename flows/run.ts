// The flow receiver as the collector process runs it: decoder, classes, lines and meter from the
// config; the meter's points written at the collector's interval (and the unclassified top list at
// each hour's end) through the same spooling writer as the polls, so nothing is lost while the store
// is away; a clean stop writes what was counted since the last interval.
import type { Registry } from 'prom-client';
import type { Config } from '../config/schema.ts';
import type { Point } from '../store/point.ts';
import { hourOf } from '../store/rollup.ts';
import { Attribution } from './attribution.ts';
import { classifierFor } from './classifier.ts';
import { FlowDecoder } from './decoder.ts';
import { TrafficMeter } from './meter.ts';
import { FlowReceiver } from './receiver.ts';

export interface RunningFlows {
  receiver: FlowReceiver;
  /** The UDP ports listened on (NetFlow, IPFIX). */
  ports: number[];
  /** Writes what was counted since the last interval now (a test's or a stop's flush). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFlows(
  config: Config,
  writer: { write(points: Point[]): Promise<void> },
  options: { log: (message: string) => void; registry?: Registry; intervalMs?: number; now?: () => number },
): Promise<RunningFlows | undefined> {
  const flows = config.flows;
  if (!flows) return undefined;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? config.collector.intervalSeconds * 1000;
  const attribution = new Attribution(flows);
  const lineBps = new Map(config.schools.flatMap((s) => (s.internet ? [[s.id, s.internet.capacityMbps * 1e6] as const] : [])));
  const meter = new TrafficMeter(classifierFor(config), attribution, new Map(config.schools.map((s) => [s.id, s.municipality])), flows.unclassifiedTop, { intervalMs, lineBps });
  const decoder = new FlowDecoder({ timeoutMs: flows.templateTimeoutSeconds * 1000 });
  const receiver = new FlowReceiver(decoder, meter, { log: options.log, now, ...(options.registry ? { registry: options.registry } : {}) });
  const ports = await receiver.listen(flows.host, [flows.netflowPort, flows.ipfixPort, ...(flows.sflowPort !== undefined ? [flows.sflowPort] : [])]);
  options.log(`flows: listening on ${flows.host} udp ${ports.join(' and ')} for ${flows.exporters.length} exporters`);

  let last = now();
  let hour = hourOf(last);
  // When the unclassified tally under way began: the hour's start, or this process's within it. Its
  // points are stamped so, and a restart within an hour adds a second point rather than replacing the first.
  let tallySince = last;
  let writing = Promise.resolve();
  const flush = () => {
    const t = now();
    const points = meter.flush(last, Math.max(1, t - last));
    last = t;
    if (hourOf(t) !== hour) {
      points.push(...meter.flushHour(tallySince));
      hour = hourOf(t);
      tallySince = hour;
    }
    // One write at a time, in order; the spooling writer keeps what the store cannot take.
    writing = writing.then(() => (points.length ? writer.write(points) : undefined)).catch((err) => options.log(`flows: writing ${points.length} points failed: ${(err as Error).message}`));
    return writing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  return {
    receiver,
    ports,
    flush,
    stop: async () => {
      clearInterval(timer);
      await receiver.close();
      await flush();
      // The hour under way: its unclassified list so far, so a restart loses none of it.
      const rest = meter.flushHour(tallySince);
      if (rest.length) await writer.write(rest);
    },
  };
}
