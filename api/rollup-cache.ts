// Answers made from the hourly roll-ups change only when maintenance runs (every five minutes, in
// the serving process): a year of a building's uplink, or the plan, is made once per run however
// many screens ask for it. Answers read from raw points are never kept: they change with every poll.
// After a run, an answer is made again when next asked for; a reader waits a little for it, then
// takes the answer from before the run while it is being made (a county's plan from InfluxDB takes
// longer than anyone should wait each five minutes).
import type { SeriesQuery } from '../store/queries.ts';
import { HOUR_MS } from '../store/rollup.ts';

/** Answers kept at most: a year of hours is about 8,760 values, so some 100 MB at worst. */
const MAX_ANSWERS = 500;
/** How long a reader waits for an answer being made again before taking the one from before. */
const PATIENCE_MS = 2000;

interface Kept {
  answer: Promise<unknown>;
  /** The maintenance run it was made after. */
  run: number;
  /** The answer being made again, after a later run. */
  remaking?: Promise<unknown>;
}

export class RollupCache {
  readonly #answers = new Map<string, Kept>();
  #run = 0;
  readonly #patienceMs: number;

  constructor(options: { patienceMs?: number } = {}) {
    this.#patienceMs = options.patienceMs ?? PATIENCE_MS;
  }

  /** Maintenance ran: every kept answer may be out of date. */
  rolledUp(): void {
    this.#run++;
  }

  /**
   * The answer kept under `key`, made by `make` once per roll-up run. A failed one is not kept; where
   * making it again fails, the one from before stays.
   */
  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.#answers.get(key);
    if (!kept) return this.#make(key, make);
    // Most recently used last: the first in the map is the one to forget.
    this.#answers.delete(key);
    this.#answers.set(key, kept);
    if (kept.run === this.#run) return kept.answer as Promise<T>;
    if (!kept.remaking) {
      const run = this.#run;
      const remaking = make();
      kept.remaking = remaking;
      remaking.then(
        () => Object.assign(kept, { answer: remaking, run, remaking: undefined }),
        () => (kept.remaking = undefined),
      );
    }
    const before = kept.answer as Promise<T>;
    const remade = (kept.remaking as Promise<T>).catch(() => before);
    return Promise.race([remade, new Promise<T>((take) => setTimeout(() => take(before), this.#patienceMs).unref())]);
  }

  #make<T>(key: string, make: () => Promise<T>): Promise<T> {
    const answer = make();
    const kept: Kept = { answer, run: this.#run };
    this.#answers.set(key, kept);
    answer.catch(() => this.#answers.get(key) === kept && this.#answers.delete(key));
    if (this.#answers.size > MAX_ANSWERS) this.#answers.delete(this.#answers.keys().next().value!);
    return answer;
  }
}

/**
 * A series query's key. Hourly points stand at the start of their hour, so a range is keyed by the
 * hours it holds: `to` moving within an hour asks the same.
 */
export const rollupSeriesKey = (q: SeriesQuery) => JSON.stringify(['series', q.measurement, q.field, q.filter, q.aggregation, q.across, q.stepMs, Math.ceil(q.from / HOUR_MS), Math.ceil(q.to / HOUR_MS)]);

/** `make`'s answer, kept under `key` until maintenance runs where there is a cache, else made each time. */
export function keptUntilRollup<T>(cache: RollupCache | undefined, key: unknown[], make: () => Promise<T>): Promise<T> {
  return cache ? cache.get(JSON.stringify(key), make) : make();
}
