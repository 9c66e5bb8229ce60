// Polls every device on a schedule and writes what it reads. Devices are polled in parallel up to a
// limit, each with its own timeout, so a dead device costs its own timeout and nothing more.
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import type { DeviceTarget } from '../config/inventory.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import type { Profile } from './profile-schema.ts';
import { pollDevice } from './poll-device.ts';
import { RateTracker } from './rates.ts';
import { deviceTags, samplePoints } from './to-points.ts';

export interface CollectorOptions {
  intervalSeconds: number;
  concurrency: number;
  log?: (message: string) => void;
}

export interface CycleReport {
  startedAt: number;
  durationMs: number;
  devices: number;
  down: string[];
  points: number;
}

export class Collector {
  private readonly rates = new RateTracker();
  private task?: ScheduledTask;
  private running?: Promise<CycleReport>;
  /** Devices that stopped answering: how many polls failed in a row, and the cycle to try again. */
  private readonly backoff = new Map<string, { failures: number; retryAtCycle: number }>();
  /** Names already reported as unmatched, so the log says it once, not every cycle. */
  private readonly reported = new Set<string>();
  cycles = 0;

  constructor(
    private readonly targets: DeviceTarget[],
    private readonly profiles: Map<string, Profile>,
    private readonly secrets: Secrets,
    /** The store, or a SpoolingWriter in front of it that keeps points through an outage. */
    private readonly writer: Pick<Store, 'write'>,
    private readonly options: CollectorOptions,
  ) {}

  /** Polls every device once and writes the points. */
  async runCycle(): Promise<CycleReport> {
    const startedAt = Date.now();
    const limit = pLimit(this.options.concurrency);
    const down: string[] = [];
    let points = 0;
    await Promise.all(
      this.targets.map((target) =>
        limit(async () => {
          const waiting = this.backoff.get(target.device.id);
          if (waiting && this.cycles < waiting.retryAtCycle) {
            down.push(`${target.device.id}: not polled this cycle (${waiting.failures} failed polls in a row)`);
            await this.write(target.device.id, [skippedPoint(target, startedAt)]);
            return;
          }
          const sample = await pollDevice(target, this.profiles, this.secrets);
          this.noteOutcome(target.device.id, sample.ok);
          if (!sample.ok) down.push(`${target.device.id}: ${sample.error}`);
          const report = samplePoints(target, sample, this.rates);
          for (const problem of [...sample.refused, ...report.anomalies, ...report.unmatchedAps.map((n) => `${target.device.id}: AP "${n}" is not in the inventory`)]) {
            if (!this.reported.has(problem)) {
              this.reported.add(problem);
              this.log(problem);
            }
          }
          points += await this.write(target.device.id, report.points);
        }),
      ),
    );
    this.cycles++;
    return { startedAt, durationMs: Date.now() - startedAt, devices: this.targets.length, down, points };
  }

  /** Polls now, then on the schedule. A cycle still running when the next is due makes that one skip. */
  start(onCycle?: (report: CycleReport) => void): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.runCycle().finally(() => (this.running = undefined));
      this.running.then(onCycle, (err) => this.log(`cycle failed: ${(err as Error).message}`));
    };
    this.task = cron.schedule(cronExpression(this.options.intervalSeconds), tick);
    tick();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }

  /**
   * A device that fails is skipped for 1, 2, 4 and at most 8 cycles after successive failures, so
   * a building that is switched off does not cost a timeout every cycle. One answer resets it.
   */
  private noteOutcome(deviceId: string, ok: boolean): void {
    if (ok) {
      this.backoff.delete(deviceId);
      return;
    }
    const failures = (this.backoff.get(deviceId)?.failures ?? 0) + 1;
    this.backoff.set(deviceId, { failures, retryAtCycle: this.cycles + 1 + Math.min(8, 2 ** (failures - 1)) });
  }

  private async write(deviceId: string, points: Point[]): Promise<number> {
    try {
      await this.writer.write(points);
      return points.length;
    } catch (err) {
      this.log(`store: could not write ${points.length} points from ${deviceId}: ${(err as Error).message}`);
      return 0;
    }
  }

  private log(message: string): void {
    (this.options.log ?? console.log)(`collector: ${message}`);
  }
}

/** The device point for a cycle in which a failing device was not polled: still down, and why. */
function skippedPoint(target: DeviceTarget, time: number): Point {
  return { measurement: 'device', tags: { ...deviceTags(target), role: target.device.role }, fields: { up: 0, backoff: 1 }, time };
}

/** A cron expression that fires every `seconds`: seconds dividing a minute, or whole minutes dividing an hour. */
export function cronExpression(seconds: number): string {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  if (seconds % 60 === 0 && 60 % (seconds / 60) === 0) return `0 */${seconds / 60} * * * *`;
  throw new Error(`a poll interval of ${seconds} s cannot be scheduled evenly: use a divisor of 60 s or of 60 min`);
}
