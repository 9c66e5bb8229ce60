// Gathers the small writes the collector makes (one device's points at a time) into batches: one
// request carries many devices' points. Each caller still learns whether its own points were stored,
// so the spool keeps exactly what failed.
import type { Point } from './point.ts';

export interface BatchOptions {
  /** Points that make a batch go at once. */
  maxPoints: number;
  /** How long the first point of a batch waits for more. */
  lingerMs: number;
}

export class WriteBatcher {
  private pending: { points: Point[]; settle: { resolve: () => void; reject: (err: unknown) => void }[] } = { points: [], settle: [] };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly send: (points: Point[]) => Promise<void>,
    private readonly options: BatchOptions,
  ) {}

  /** Resolves once the batch holding these points was written; rejects with that batch's error. */
  write(points: Point[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    // Larger than a batch already (the spool emptying): sent on its own, in order after what waits.
    if (points.length >= this.options.maxPoints) return this.flush().then(() => this.send(points));
    const done = new Promise<void>((resolve, reject) => this.pending.settle.push({ resolve, reject }));
    this.pending.points.push(...points);
    if (this.pending.points.length >= this.options.maxPoints) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.lingerMs);
    return done;
  }

  /** Sends what waits now; resolves when it is written or has failed (the callers hear which). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.points.length === 0) return;
    this.pending = { points: [], settle: [] };
    try {
      await this.send(batch.points);
      for (const s of batch.settle) s.resolve();
    } catch (err) {
      for (const s of batch.settle) s.reject(err);
    }
  }
}
