// Polls every device on its schedule and writes what it reads. Devices are polled in parallel up to
// one limit over all schedules, each with its own deadline. Each device keeps its own slot: a tick
// polls every device whose previous poll has ended, and never waits for one still under way, so a
// slow or dead device costs its own slots and nobody else's. A device still polling when its next
// slot comes has overrun: that is counted, logged and stored with the point of the poll that ran
// long (its `overruns` field: the slots after it that were not polled).
import { performance } from 'node:perf_hooks';
import cron, { type ScheduledTask } from 'node-cron';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DeviceTarget } from '../config/inventory.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import type { Profile } from './profile-schema.ts';
import type { Metrics } from './metrics.ts';
import { pollDevice } from './poll-device.ts';
import { RateTracker } from './rates.ts';
import { ProbedProfiles } from './probed-profiles.ts';
import { StaticValues } from './static-values.ts';
import { deviceTags, samplePoints } from './to-points.ts';

export interface CollectorOptions {
  /** For devices whose config sets no interval of their own. */
  intervalSeconds: number;
  /** Polls at once, over every schedule together. */
  concurrency: number;
  log?: (message: string) => void;
  /** Prometheus metrics to keep up to date, when /metrics is served. */
  metrics?: Metrics;
  /** "i/n" when this process is one of several collectors: tags its own cycle points. */
  shard?: string;
  /** How long names and descriptions read from a device are reused; 0 (the default here) reads them every poll. */
  staticRefreshMinutes?: number;
}

/** What a writer in front of the store can say about itself (the SpoolingWriter does). */
export interface WriterStats {
  pending: number;
  dropped: number;
  rejected: number;
}

export type CollectorWriter = Pick<Store, 'write'> & { stats?: () => WriterStats };

export interface CycleReport {
  intervalSeconds: number;
  startedAt: number;
  durationMs: number;
  devices: number;
  /** Devices that did not answer, or were not polled while they back off, and why. */
  down: { device: string; reason: string }[];
  /** Devices not polled in this slot because their previous poll was still under way. */
  overrun: string[];
  points: number;
  /** Points written per device in this slot. */
  pointsByDevice: Map<string, number>;
}

export class Collector {
  private readonly rates = new RateTracker();
  private readonly statics: StaticValues;
  private readonly probed = new ProbedProfiles();
  private readonly limit: LimitFunction;
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<unknown>>();
  /** Devices whose poll is queued or under way. */
  private readonly busy = new Set<string>();
  /** Slots each device missed while its poll ran on; stored with its next point, then reset. */
  private readonly overruns = new Map<string, number>();
  /** Devices that stopped answering: how many polls failed in a row, and how many due polls to skip. */
  private readonly backoff = new Map<string, { failures: number; skip: number }>();
  /** Names already reported as unmatched, so the log says it once, not every cycle. */
  private readonly reported = new Set<string>();
  cycles = 0;

  constructor(
    private readonly targets: DeviceTarget[],
    private readonly profiles: Map<string, Profile>,
    private readonly secrets: Secrets,
    /** The store, or a SpoolingWriter in front of it that keeps points through an outage. */
    private readonly writer: CollectorWriter,
    private readonly options: CollectorOptions,
  ) {
    this.limit = pLimit(options.concurrency);
    this.statics = new StaticValues((options.staticRefreshMinutes ?? 0) * 60_000);
  }

  /** Devices by poll interval in seconds: each interval runs on its own schedule. */
  schedules(): Map<number, DeviceTarget[]> {
    const byInterval = new Map<number, DeviceTarget[]>();
    for (const target of this.targets) {
      const seconds = target.device.intervalSeconds ?? this.options.intervalSeconds;
      byInterval.set(seconds, [...(byInterval.get(seconds) ?? []), target]);
    }
    return byInterval;
  }

  /**
   * One slot of a schedule: polls the devices (all by default) whose previous poll has ended, writes
   * their points and one point about the cycle per municipality. Resolves when this slot's polls end;
   * the next slot does not wait for it.
   */
  async runCycle(targets = this.targets, intervalSeconds = this.options.intervalSeconds): Promise<CycleReport> {
    const startedAt = Date.now();
    const down: CycleReport['down'] = [];
    const overrun: string[] = [];
    const pointsByDevice = new Map<string, number>();
    const polls: Promise<unknown>[] = [];
    for (const target of targets) {
      const id = target.device.id;
      if (this.busy.has(id)) {
        overrun.push(id);
        this.overruns.set(id, (this.overruns.get(id) ?? 0) + 1);
        this.options.metrics?.pollOverruns.inc();
        continue;
      }
      this.busy.add(id);
      // The device is free for its next slot once its poll ends: the write that follows is not its to wait for.
      const poll = this.limit(() => this.pollOne(target, startedAt, down)).finally(() => this.busy.delete(id));
      polls.push(poll.then(async (points) => pointsByDevice.set(id, await this.write(id, points))));
    }
    await Promise.all(polls);
    const points = [...pointsByDevice.values()].reduce((a, b) => a + b, 0);
    const report = { intervalSeconds, startedAt, durationMs: Date.now() - startedAt, devices: targets.length, down, overrun, points, pointsByDevice };
    this.options.metrics?.cycleSeconds.observe({ interval: String(intervalSeconds) }, report.durationMs / 1000);
    this.options.metrics?.devicesDown.set({ interval: String(intervalSeconds) }, down.length);
    await this.write('collector', this.cyclePoints(report, targets));
    this.cycles++;
    return report;
  }

  /** Polls now (or at the first tick, if it is near), then on each schedule; a slot never waits for the one before (see runCycle). */
  start(onCycle?: (report: CycleReport) => void): void {
    for (const [seconds, targets] of this.schedules()) {
      const tick = () => {
        const cycle = this.runCycle(targets, seconds).then(onCycle, (err) => this.log(`cycle failed: ${(err as Error).message}`));
        this.running.add(cycle);
        void cycle.finally(() => this.running.delete(cycle));
      };
      this.tasks.push(cron.schedule(cronExpression(seconds), tick));
      // Poll at once unless the schedule's first tick is less than half an interval away: two polls a
      // moment apart would give no rate and two points in one slot.
      const untilTick = seconds * 1000 - (Date.now() % (seconds * 1000));
      if (untilTick > seconds * 500) tick();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.stop()));
    await Promise.all(this.running);
  }

  /** One device's poll, or the point saying it was skipped: the points to write. */
  private async pollOne(target: DeviceTarget, startedAt: number, down: CycleReport['down']): Promise<Point[]> {
    const id = target.device.id;
    const waiting = this.backoff.get(id);
    if (waiting && waiting.skip > 0) {
      waiting.skip--;
      down.push({ device: id, reason: `not polled this cycle (${waiting.failures} failed polls in a row)` });
      return [skippedPoint(target, startedAt, waiting.failures)];
    }
    const polling = performance.now();
    const sample = await pollDevice(target, this.profiles, this.secrets, Date.now, this.statics, this.probed);
    this.options.metrics?.pollSeconds.observe({ outcome: sample.ok ? 'ok' : 'failed' }, (performance.now() - polling) / 1000);
    if (!sample.ok) this.options.metrics?.pollFailures.inc();
    this.options.metrics?.varbinds.inc(sample.varbinds);
    const failures = this.noteOutcome(id, sample.ok);
    if (!sample.ok) down.push({ device: id, reason: sample.error ?? 'no answer' });
    const report = samplePoints(target, sample, this.rates);
    report.points[0]!.fields.failures = failures;
    const missed = this.overruns.get(id);
    if (missed) {
      report.points[0]!.fields.overruns = missed;
      this.overruns.delete(id);
    }
    const probed = (sample.probed ?? []).map((name) => `${id}: read with profile "${name}" as well, found by its probe (its role and sysObjectID do not select it)`);
    for (const problem of [...probed, ...sample.refused, ...report.anomalies, ...report.unmatchedAps.map((n) => `${id}: AP "${n}" is not in the inventory`)]) {
      if (!this.reported.has(problem)) {
        this.reported.add(problem);
        this.log(problem);
      }
    }
    return report.points;
  }

  /**
   * A device that fails is skipped for 1, 2, 4 and at most 8 of its polls after successive failures,
   * so a building that is switched off does not cost a timeout every cycle. One answer resets it.
   * Returns the failures in a row.
   */
  private noteOutcome(deviceId: string, ok: boolean): number {
    if (ok) {
      this.backoff.delete(deviceId);
      return 0;
    }
    const failures = (this.backoff.get(deviceId)?.failures ?? 0) + 1;
    this.backoff.set(deviceId, { failures, skip: Math.min(8, 2 ** (failures - 1)) });
    return failures;
  }

  /**
   * The collector's own health, per schedule and municipality: what an engineer graphs next to the
   * devices. Each municipality's point counts its own devices only, so one tenant never reads
   * another's. The spool and the cycle's duration are the process's, the same in each.
   */
  private cyclePoints(report: CycleReport, targets: DeviceTarget[]): Point[] {
    const stats = this.writer.stats?.();
    const municipalities = [...new Set(targets.map((t) => t.municipalityId))];
    return municipalities.map((municipality) => {
      const ids = new Set(targets.filter((t) => t.municipalityId === municipality).map((t) => t.device.id));
      const fields: Record<string, number> = {
        devices: ids.size,
        down: report.down.filter((d) => ids.has(d.device)).length,
        overrun: report.overrun.filter((id) => ids.has(id)).length,
        points: [...ids].reduce((sum, id) => sum + (report.pointsByDevice.get(id) ?? 0), 0),
        duration_ms: report.durationMs,
        ...(stats ? { spool_pending: stats.pending, spool_dropped: stats.dropped, store_rejected: stats.rejected } : {}),
      };
      const tags = { municipality, interval: String(report.intervalSeconds), ...(this.options.shard ? { shard: this.options.shard } : {}) };
      return { measurement: 'collector', tags, fields, time: report.startedAt };
    });
  }

  private async write(source: string, points: Point[]): Promise<number> {
    const started = performance.now();
    const took = (outcome: string) => this.options.metrics?.storeWriteSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    try {
      await this.writer.write(points);
      took('ok');
      this.options.metrics?.pointsWritten.inc(points.length);
      return points.length;
    } catch (err) {
      took('failed');
      this.log(`store: could not write ${points.length} points from ${source}: ${(err as Error).message}`);
      return 0;
    }
  }

  private log(message: string): void {
    (this.options.log ?? console.log)(`collector: ${message}`);
  }
}

/** The device point for a cycle in which a failing device was not polled: still down, and why. */
function skippedPoint(target: DeviceTarget, time: number, failures: number): Point {
  return { measurement: 'device', tags: { ...deviceTags(target), role: target.device.role }, fields: { up: 0, backoff: 1, failures }, time };
}

/** A cron expression that fires every `seconds`: seconds dividing a minute, or whole minutes dividing an hour. */
export function cronExpression(seconds: number): string {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  if (seconds % 60 === 0 && 60 % (seconds / 60) === 0) return `0 */${seconds / 60} * * * *`;
  throw new Error(`a poll interval of ${seconds} s cannot be scheduled evenly: use a divisor of 60 s or of 60 min`);
}
