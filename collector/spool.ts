// Keeps points the store could not take in a bounded file on disk and writes them, oldest first,
// once the store answers again. A restart of the collector finds the file and loses nothing; when
// the bound is reached the oldest points go first, and that is counted and logged.
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
}

export class SpoolingWriter {
  private spooled: Point[];
  dropped = 0;
  /** Points in batches the store refused as they are (see RejectedPointsError). */
  rejected = 0;

  constructor(
    private readonly store: Pick<Store, 'write'>,
    private readonly options: SpoolOptions,
  ) {
    mkdirSync(dirname(options.path), { recursive: true });
    this.spooled = existsSync(options.path) ? readSpool(options.path, options.log) : [];
    if (this.spooled.length > 0) options.log(`spool: ${this.spooled.length} points from before a restart wait for the store`);
  }

  get pending(): number {
    return this.spooled.length;
  }

  stats(): WriterStats {
    return { pending: this.spooled.length, dropped: this.dropped, rejected: this.rejected };
  }

  /** Writes `points` after anything spooled; spools them if the store fails. Never throws for the store's faults. */
  async write(points: Point[]): Promise<void> {
    if (this.spooled.length > 0 && !(await this.flush())) {
      this.spool(points);
      return;
    }
    try {
      await this.store.write(points);
    } catch (err) {
      if (err instanceof RejectedPointsError) return this.noteRejected(points.length, err);
      this.options.log(`store: write failed (${(err as Error).message}); keeping ${points.length} points on disk`);
      this.spool(points);
    }
  }

  /**
   * Writes the spooled points in order, a batch at a time (a day of points in one request is more
   * than InfluxDB takes); true when none are left. What was written leaves the file even if a later
   * batch fails.
   */
  async flush(): Promise<boolean> {
    let written = 0;
    try {
      while (written < this.spooled.length) {
        const batch = this.spooled.slice(written, written + FLUSH_BATCH);
        try {
          await this.store.write(batch);
        } catch (err) {
          if (!(err instanceof RejectedPointsError)) throw err;
          this.noteRejected(batch.length, err);
        }
        written += batch.length;
      }
    } catch {
      // The store is still down; the rest waits for the next try.
    }
    if (written === 0) return this.spooled.length === 0;
    this.spooled.splice(0, written);
    rewrite(this.options.path, this.spooled);
    this.options.log(`spool: ${written} kept points written to the store, ${this.spooled.length} still waiting`);
    return this.spooled.length === 0;
  }

  /** Refused points are logged with the store's reason and counted, never retried for ever. */
  private noteRejected(count: number, err: Error): void {
    this.rejected += count;
    this.options.log(`store: ${err.message} (in a batch of ${count}; ${this.rejected} points in refused batches so far)`);
  }

  private spool(points: Point[]): void {
    this.spooled.push(...points);
    const over = this.spooled.length - this.options.maxPoints;
    if (over > 0) {
      this.spooled.splice(0, over);
      this.dropped += over;
      this.options.log(`spool: full (${this.options.maxPoints} points); dropped the ${over} oldest, ${this.dropped} in all`);
      rewrite(this.options.path, this.spooled);
    } else {
      appendFileSync(this.options.path, points.map((p) => `${JSON.stringify(p)}\n`).join(''));
    }
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
