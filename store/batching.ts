// Gathers the small writes the collector makes (one device's points at a time) into batches, as a
// database's group commit does: a write goes out at once when the line is free, and writes that
// arrive while requests are in flight wait and go together in the next one. Under light load nothing
// waits; under heavy load batches grow to `maxPoints`. What waits is shared among the free request
// slots rather than sent as one request: influxd takes one request on one core, so 32 devices'
// writes sent as two requests of 16 are stored in parallel (bench/store.ts: one request of 1,920
// points at a time gave 48 % of the server's ceiling). Each caller still learns whether its own
// points were stored, so the spool keeps exactly what failed.
//
// Each write is encoded for the wire as it arrives (for InfluxDB, into line protocol), not when its
// request goes: the encoding is then done while requests are in flight rather than between one
// answer and the next request, and the points die young instead of waiting in the batch.

export interface BatchOptions {
  /** Most points in one request. */
  maxPoints: number;
  /** Requests in flight at once: two let one batch be prepared while the other is on the wire. */
  concurrency: number;
}

interface Caller<E> {
  /** The caller's points, encoded. */
  encoded: E;
  size: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WriteBatcher<P, E> {
  private waiting: Caller<E>[] = [];
  private waitingPoints = 0;
  private inFlight = 0;
  private scheduled = false;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly encode: (points: P[]) => E,
    private readonly send: (encoded: E[]) => Promise<void>,
    private readonly options: BatchOptions,
  ) {}

  /** Resolves once the batch holding these points was written; rejects with that batch's error. */
  write(points: P[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    // More than one request carries (a migration, a year of roll-ups): in request-sized parts, in order.
    if (points.length > this.options.maxPoints) {
      const parts = [];
      for (let i = 0; i < points.length; i += this.options.maxPoints) parts.push(this.write(points.slice(i, i + this.options.maxPoints)));
      return Promise.all(parts).then(() => undefined);
    }
    const encoded = this.encode(points);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ encoded, size: points.length, resolve, reject }));
    this.waitingPoints += points.length;
    this.pump();
    return done;
  }

  /** Resolves when nothing waits and nothing is in flight. */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    if (this.inFlight >= this.options.concurrency || this.waiting.length === 0) return;
    if (this.waitingPoints >= this.options.maxPoints) return void this.sendWaiting();
    // Writes made in the same turn of the event loop (a cycle's devices finishing together) go together.
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const free = this.options.concurrency - this.inFlight;
      if (free <= 0 || this.waiting.length === 0) return;
      const share = Math.ceil(this.waitingPoints / free);
      for (let slot = 0; slot < free && this.waiting.length > 0; slot++) void this.sendWaiting(share);
    });
  }

  private async sendWaiting(share = this.options.maxPoints): Promise<void> {
    const callers = this.take(share);
    this.inFlight++;
    try {
      await this.send(callers.map((c) => c.encoded));
      for (const c of callers) c.resolve();
    } catch (err) {
      for (const c of callers) c.reject(err);
    } finally {
      this.inFlight--;
      this.pump();
      if (this.inFlight === 0 && this.waiting.length === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Whole callers, oldest first, up to `share` points (at least one caller; never past maxPoints). */
  private take(share: number): Caller<E>[] {
    const limit = Math.min(share, this.options.maxPoints);
    let count = this.waiting[0]!.size;
    let n = 1;
    while (n < this.waiting.length && count + this.waiting[n]!.size <= limit) count += this.waiting[n++]!.size;
    this.waitingPoints -= count;
    return this.waiting.splice(0, n);
  }
}
