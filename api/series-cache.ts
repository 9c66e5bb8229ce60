// Answers read from the hourly roll-ups change only when maintenance runs (every five minutes, in
// the serving process): a year of a building's uplink is read once per run, however many screens
// ask for it. Raw-point answers are never kept: they change with every poll.
import type { AggregatedSeries, SeriesQuery } from '../store/queries.ts';
import { HOUR_MS } from '../store/rollup.ts';

/** Answers kept at most: about 8,760 values each for a year of hours, so some 100 MB at worst. */
const MAX_ANSWERS = 500;

export class SeriesCache {
  readonly #answers = new Map<string, Promise<AggregatedSeries[]>>();

  /** Maintenance ran: every kept answer may be out of date. */
  rolledUp(): void {
    this.#answers.clear();
  }

  /**
   * The answer for `q`, read by `read` once per roll-up run. Hourly points stand at the start of
   * their hour, so a range is keyed by the hours it holds: `to` moving within an hour asks the same.
   */
  get(q: SeriesQuery, read: () => Promise<AggregatedSeries[]>): Promise<AggregatedSeries[]> {
    const key = JSON.stringify([q.measurement, q.field, q.filter, q.aggregation, q.across, q.stepMs, Math.ceil(q.from / HOUR_MS), Math.ceil(q.to / HOUR_MS)]);
    const kept = this.#answers.get(key);
    if (kept) {
      // Most recently used last: the first in the map is the one to forget.
      this.#answers.delete(key);
      this.#answers.set(key, kept);
      return kept;
    }
    const answer = read();
    this.#answers.set(key, answer);
    answer.catch(() => this.#answers.get(key) === answer && this.#answers.delete(key));
    if (this.#answers.size > MAX_ANSWERS) this.#answers.delete(this.#answers.keys().next().value!);
    return answer;
  }
}
