// Whether the store answers, as every process that uses it sees it: the first failed call marks an
// outage (logged once, with since when), the next call that succeeds ends it (logged with how long it
// lasted). The API answers 503 with that outage instead of an internal error, and /api/v1/health and
// the page show it. Points the store refused as they are (RejectedPointsError) are not an outage.
import type { Measurement, Point } from './point.ts';
import { RejectedPointsError, type GroupSummary, type RangeQuery, type StepQuery, type StepSeries, type Store, type SummaryQuery, type TagFilter } from './store.ts';

export interface StoreHealth {
  status: 'ok' | 'down';
  /** When the outage began (ms since the epoch), while it lasts. */
  since?: number;
  /** The store's last error, in its words (no credentials: they are never part of a URL or message here). */
  reason?: string;
}

/** A read or write failed because the store did not answer: the API answers 503, not 500. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    readonly since: number,
    reason: string,
  ) {
    super(`the measurement store does not answer (since ${new Date(since).toISOString()}): ${reason}`);
  }
}

export class MonitoredStore implements Store {
  private outage: { since: number; reason: string } | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  health(): StoreHealth {
    return this.outage ? { status: 'down', since: this.outage.since, reason: this.outage.reason } : { status: 'ok' };
  }

  /** Records an outage found before any call (the store did not answer at start-up). */
  markDown(reason: string): void {
    if (this.outage) return;
    this.outage = { since: this.now(), reason };
    this.log(`store: does not answer (${reason}); points wait in the spool until it does`);
  }

  write(points: Point[]): Promise<void> {
    return this.watch(this.store.write(points));
  }

  latest(measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    return this.watch(this.store.latest(measurement, filter));
  }

  range(query: RangeQuery): Promise<Point[]> {
    return this.watch(this.store.range(query));
  }

  /** The inner store's own aggregation where it has one; undefined lets queries.ts step the points. */
  aggregate(query: StepQuery): Promise<StepSeries[] | undefined> {
    return this.store.aggregate ? this.watch(this.store.aggregate(query)) : Promise.resolve(undefined);
  }

  /** The inner store's own summary where it has one; undefined lets store/summary.ts make it from points. */
  summarise(query: SummaryQuery): Promise<GroupSummary[] | undefined> {
    return this.store.summarise ? this.watch(this.store.summarise(query)) : Promise.resolve(undefined);
  }

  count(query: RangeQuery): Promise<number> {
    return this.watch(this.store.count(query));
  }

  earliest(measurement: Measurement): Promise<number | undefined> {
    return this.watch(this.store.earliest(measurement));
  }

  deleteBefore(measurement: Measurement, time: number): Promise<void> {
    return this.watch(this.store.deleteBefore(measurement, time));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async watch<T>(call: Promise<T>): Promise<T> {
    try {
      const result = await call;
      if (this.outage) {
        this.log(`store: answers again after ${Math.round((this.now() - this.outage.since) / 1000)} s`);
        this.outage = undefined;
      }
      return result;
    } catch (err) {
      if (err instanceof RejectedPointsError) throw err;
      const reason = (err as Error).message;
      this.markDown(reason);
      throw new StoreUnavailableError(this.outage!.since, reason);
    }
  }
}
