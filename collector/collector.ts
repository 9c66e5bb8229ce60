// Polls every device on a schedule and writes what it reads. Devices are polled in parallel up to a
// limit, each with its own timeout, so a dead device costs its own timeout and nothing more.
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import type { DeviceTarget } from '../config/inventory.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Store } from '../store/store.ts';
import type { Profile } from './profile-schema.ts';
import { pollDevice } from './poll-device.ts';
import { RateTracker } from './rates.ts';
import { samplePoints } from './to-points.ts';

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
  /** Names already reported as unmatched, so the log says it once, not every cycle. */
  private readonly reported = new Set<string>();
  cycles = 0;

  constructor(
    private readonly targets: DeviceTarget[],
    private readonly profiles: Map<string, Profile>,
    private readonly secrets: Secrets,
    private readonly store: Store,
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
          const sample = await pollDevice(target, this.profiles, this.secrets);
          if (!sample.ok) down.push(`${target.device.id}: ${sample.error}`);
          const report = samplePoints(target, sample, this.rates);
          for (const problem of [...sample.refused, ...report.anomalies, ...report.unmatchedAps.map((n) => `${target.device.id}: AP "${n}" is not in the inventory`)]) {
            if (!this.reported.has(problem)) {
              this.reported.add(problem);
              this.log(problem);
            }
          }
          try {
            await this.store.write(report.points);
            points += report.points.length;
          } catch (err) {
            this.log(`store: could not write ${report.points.length} points from ${target.device.id}: ${(err as Error).message}`);
          }
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

  private log(message: string): void {
    (this.options.log ?? console.log)(`collector: ${message}`);
  }
}

/** A cron expression that fires every `seconds`: seconds dividing a minute, or whole minutes dividing an hour. */
export function cronExpression(seconds: number): string {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  if (seconds % 60 === 0 && 60 % (seconds / 60) === 0) return `0 */${seconds / 60} * * * *`;
  throw new Error(`a poll interval of ${seconds} s cannot be scheduled evenly: use a divisor of 60 s or of 60 min`);
}
