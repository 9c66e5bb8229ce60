// Kapasitet's own health as Prometheus metrics (prom-client), for /metrics: how long polls and
// cycles take, how many fail, how long store writes take, and what waits in the spool.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WriterStats } from './collector.ts';

export class Metrics {
  readonly registry = new Registry();
  readonly pollSeconds: Histogram<'outcome'>;
  readonly varbinds: Counter;
  readonly pollFailures: Counter;
  readonly pollOverruns: Counter;
  readonly cycleSeconds: Histogram<'interval'>;
  readonly devicesDown: Gauge<'interval'>;
  readonly pointsWritten: Counter;
  readonly storeWriteSeconds: Histogram<'outcome'>;

  /** `writerStats` is read at each scrape: the spool's backlog as it is then. */
  constructor(labels: Record<string, string>, writerStats?: () => WriterStats | undefined) {
    this.registry.setDefaultLabels(labels);
    // Event-loop lag sampled every 100 ms, not prom-client's 10: an idle collector woke 100 times a
    // second for it (idle CPU over 30 s: 360 → 230 ms), and a scrape's histogram needs no finer.
    collectDefaultMetrics({ register: this.registry, prefix: 'kapasitet_', eventLoopMonitoringPrecision: 100 });
    const registers = [this.registry];
    this.pollSeconds = new Histogram({ name: 'kapasitet_poll_duration_seconds', help: 'Time to poll one device over SNMP', labelNames: ['outcome'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers });
    this.varbinds = new Counter({ name: 'kapasitet_snmp_varbinds_total', help: 'Objects received from agents: what polling asks of the devices', registers });
    this.pollFailures = new Counter({ name: 'kapasitet_poll_failures_total', help: 'Polls that got no usable answer', registers });
    this.pollOverruns = new Counter({ name: 'kapasitet_poll_overruns_total', help: 'Slots a device missed because its previous poll was still under way', registers });
    this.cycleSeconds = new Histogram({ name: 'kapasitet_cycle_duration_seconds', help: 'Time to poll every device of one schedule', labelNames: ['interval'], buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120], registers });
    this.devicesDown = new Gauge({ name: 'kapasitet_devices_down', help: 'Devices that did not answer in the latest cycle', labelNames: ['interval'], registers });
    this.pointsWritten = new Counter({ name: 'kapasitet_points_written_total', help: 'Points handed to the store (or its spool)', registers });
    this.storeWriteSeconds = new Histogram({ name: 'kapasitet_store_write_duration_seconds', help: 'Time for one write to the store, spool included', labelNames: ['outcome'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    const stat = (name: string, help: string, pick: (s: WriterStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const s = writerStats?.();
          if (s) this.set(pick(s));
        },
      });
    stat('kapasitet_spool_pending_points', 'Points waiting on disk for the store to take them', (s) => s.pending);
    stat('kapasitet_spool_dropped_points', 'Points dropped from a full spool since start', (s) => s.dropped);
    stat('kapasitet_store_rejected_points', 'Points the store refused since start', (s) => s.rejected);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
