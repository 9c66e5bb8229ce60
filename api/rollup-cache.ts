// Answers made from the hourly roll-ups change only when maintenance runs (every five minutes, in
// the serving process): a year of a building's uplink, or the plan, is made once per run however
// many screens ask for it. Answers read from raw points are never kept: they change with every poll.
import type { SeriesQuery } from '../store/queries.ts';
import { HOUR_MS } from '../store/rollup.ts';

/** Answers kept at most: a year of hours is about 8,760 values, so some 100 MB at worst. */
const MAX_ANSWERS = 500;

export class RollupCache {
  readonly #answers = new Map<string, Promise<unknown>>();

  /** Maintenance ran: every kept answer may be out of date. */
  rolledUp(): void {
    this.#answers.clear();
  }

  /** The answer kept under `key`, made by `make` once per roll-up run; a failed one is not kept. */
  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.#answers.get(key) as Promise<T> | undefined;
    if (kept) {
      // Most recently used last: the first in the map is the one to forget.
      this.#answers.delete(key);
      this.#answers.set(key, kept);
      return kept;
    }
    const answer = make();
    this.#answers.set(key, answer);
    answer.catch(() => this.#answers.get(key) === answer && this.#answers.delete(key));
    if (this.#answers.size > MAX_ANSWERS) this.#answers.delete(this.#answers.keys().next().value!);
    return answer;
  }
}

/**
 * A series query's key. Hourly points stand at the start of their hour, so a range is keyed by the
 * hours it holds: `to` moving within an hour asks the same.
 */
export const rollupSeriesKey = (q: SeriesQuery) => JSON.stringify(['series', q.measurement, q.field, q.filter, q.aggregation, q.across, q.stepMs, Math.ceil(q.from / HOUR_MS), Math.ceil(q.to / HOUR_MS)]);
