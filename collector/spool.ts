// Keeps points the store could not take in a bounded file on disk and writes them, oldest first,
// once the store answers again. A restart of the collector finds the file and loses nothing; when
// the bound is reached the oldest points go first, and that is counted and logged.
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../store/deadline.ts';
import { lateNote, widened, type LateSpan } from '../store/late.ts';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pointSchema, type Point } from '../store/point.ts';
import { RejectedPointsError, type Store } from '../store/store.ts';
import type { WriterStats } from './collector.ts';

/** Points per write while emptying the spool. */
const FLUSH_BATCH = 5_000;

export interface SpoolOptions {
  path: string;
  /** Most points kept on disk. */
  maxPoints: number;
  log: (message: string) => void;
  /** How long a direct write may take before its points are kept on disk instead (default 10 s). */
  writeTimeoutMs?: number;
  now?: () => number;
}

/** The longest wait between tries to empty the spool while the store stays down. */
const MAX_RETRY_MS = 30_000;

/**
 * Points go straight to the store while it takes them. Once a write fails, they go to the spool, and
 * so does every later write until the spool is empty again, so the store receives them in order. One
 * drain at a time empties it in the background, a batch after another: a cycle's write never waits
 * for it. After a failed drain the next try waits 1, 2, 4 … at most 30 s.
 */
export class SpoolingWriter {
  private spooled: Point[];
  /** Points of the batch a drain is writing: out of `spooled`, still waiting until the store takes them. */
  private inFlight = 0;
  private draining: Promise<void> | undefined;
  private failedDrains = 0;
  private retryAt = 0;
  dropped = 0;
  /** Points in batches the store refused as they are (see RejectedPointsError). */
  rejected = 0;
  /** This writer's name on its late notes, so two collectors' notes never replace each other. */
  private readonly writer = randomUUID().slice(0, 8);

  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly options: SpoolOptions,
  ) {
    mkdirSync(dirname(options.path), { recursive: true });
    this.spooled = existsSync(options.path) ? readSpool(options.path, options.log) : [];
    if (this.spooled.length > 0) options.log(`spool: ${this.spooled.length} points from before a restart wait for the store`);
  }

  get pending(): number {
    return this.spooled.length + this.inFlight;
  }

  stats(): WriterStats {
    return { pending: this.pending, dropped: this.dropped, rejected: this.rejected };
  }

  /** Writes `points` after anything spooled, or spools them; never throws for the store's faults. */
  async write(points: Point[]): Promise<void> {
    if (this.spooled.length > 0 || this.draining) {
      this.spool(points);
      this.startDrain();
      return;
    }
    try {
      await withTimeout(this.store.write(points), this.options.writeTimeoutMs ?? 10_000);
    } catch (err) {
      if (err instanceof RejectedPointsError) return this.noteRejected(points.length, err);
      // A write that timed out may still land; writing its points again later replaces them with themselves.
      this.options.log(`store: write failed (${(err as Error).message}); keeping ${points.length} points on disk`);
      this.spool(points);
      this.noteFailedDrain();
    }
  }

  /** Waits for a drain under way, then tries once more at once; true when nothing is left (a clean stop). */
  async flush(): Promise<boolean> {
    await this.draining;
    this.retryAt = 0;
    this.startDrain();
    await this.draining;
    return this.spooled.length === 0;
  }

  private startDrain(): void {
    if (this.draining || this.spooled.length === 0 || this.now() < this.retryAt) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // Points spooled in the moment the drain ended wait for no later write.
      this.startDrain();
    });
  }

  /**
   * Writes the spooled points oldest first, a batch at a time (a day of points in one request is more
   * than InfluxDB takes). A batch in flight is out of the array and goes back to its front if the
   * store fails; the file is rewritten once at the end. A crash before that writes some points twice,
   * which replaces them with themselves.
   */
  private async drain(): Promise<void> {
    let written = 0;
    let late: LateSpan | undefined;
    while (this.spooled.length > 0) {
      const batch = this.spooled.splice(0, FLUSH_BATCH);
      this.inFlight = batch.length;
      try {
        await this.store.write(batch);
        this.inFlight = 0;
        late = widened(late, batch);
      } catch (err) {
        this.inFlight = 0;
        if (!(err instanceof RejectedPointsError)) {
          this.spooled.unshift(...batch);
          this.trim();
          this.noteFailedDrain();
          break;
        }
        this.noteRejected(batch.length, err);
      }
      written += batch.length;
    }
    if (written === 0) return;
    if (late) await this.noteLate(late);
    rewrite(this.options.path, this.spooled);
    if (this.spooled.length === 0) this.failedDrains = 0;
    this.options.log(`spool: ${written} kept points written to the store, ${this.spooled.length} still waiting`);
  }

  /**
   * Tells maintenance which hours got points late (store/late.ts), so it rolls them up again. A note
   * the store does not take waits in the spool like any point.
   */
  private async noteLate(span: LateSpan): Promise<void> {
    const note = lateNote(span, this.writer, this.now());
    try {
      await this.store.write([note]);
    } catch {
      this.spooled.push(note);
    }
  }

  private noteFailedDrain(): void {
    this.failedDrains++;
    this.retryAt = this.now() + Math.min(MAX_RETRY_MS, 1000 * 2 ** (this.failedDrains - 1));
  }

  /** Refused points are logged with the store's reason and counted, never retried for ever. */
  private noteRejected(count: number, err: Error): void {
    this.rejected += count;
    this.options.log(`store: ${err.message} (in a batch of ${count}; ${this.rejected} points in refused batches so far)`);
  }

  private spool(points: Point[]): void {
    this.spooled.push(...points);
    if (this.trim()) rewrite(this.options.path, this.spooled);
    else appendFileSync(this.options.path, points.map((p) => `${JSON.stringify(p)}\n`).join(''));
  }

  /** Drops the oldest points beyond the bound; true when it dropped any. */
  private trim(): boolean {
    const over = this.spooled.length - this.options.maxPoints;
    if (over <= 0) return false;
    this.spooled.splice(0, over);
    this.dropped += over;
    this.options.log(`spool: full (${this.options.maxPoints} points); dropped the ${over} oldest, ${this.dropped} in all`);
    return true;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function rewrite(path: string, points: Point[]): void {
  // Written aside and renamed, so a crash mid-write leaves the previous spool whole.
  writeFileSync(`${path}.tmp`, points.map((p) => `${JSON.stringify(p)}\n`).join(''));
  renameSync(`${path}.tmp`, path);
}

function readSpool(path: string, log: (message: string) => void): Point[] {
  const points: Point[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line) return;
      let parsed;
      try {
        parsed = pointSchema.safeParse(JSON.parse(line));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) points.push(parsed.data);
      // A line cut short by a crash is the only expected damage; it is named and passed over.
      else log(`spool ${path} line ${i + 1}: not a point, skipped`);
    });
  return points;
}
