// Keeps history cheap on every backend: rolls raw points up into hourly points and whole days of
// those into daily ones, then drops raw points past their retention (never before their hour is
// rolled up) and roll-ups past theirs. The clock is an argument, so tests run years of retention in
// milliseconds.
import cron from 'node-cron';
import { BACKFILL_DAYS, DAILY, DAY_MS, dayOf, rollUpDaysIn } from './daily.ts';
import { lateHours } from './late.ts';
import { dailyMeasurements, noteMeasurements, rawMeasurements, rollupMeasurements, summaryMeasurements, type RawMeasurement, type RollupMeasurement } from './point.ts';
import { HOUR_MS, hourOf, ROLLUPS, rollUp, type TimeZoneOf } from './rollup.ts';
import type { Store, TagFilter } from './store.ts';

/**
 * How late a raw point may be written and still be in its hour's roll-up: a poll cycle that began
 * before the hour ended and writes after it (a slow device, a county's cycle of 5–20 s), a flow
 * interval ending on the hour. The scheduler's first run after the hour comes 15 s into it; the one
 * after that, five minutes on, rolls the hour before up again (and its day, where that was made).
 */
export const LATE_MS = 10 * 60_000;

export interface RetentionPolicy {
  rawDays: number;
  rollupYears: number;
}

export interface MaintenanceReport {
  /** First and last hour (start times) rolled up in this run: from the last run's, or the first with raw points. */
  fromHour: number;
  toHour: number;
  rollupPoints: number;
  /** Daily roll-ups written: of the days that became whole, and of older days not rolled up yet. */
  dailyPoints: number;
  /** How far back each measurement's days are rolled up, for the next run (`options.days`). */
  days: DayProgress;
  /** Hours rolled up again because raw points were written into them late (store/late.ts). */
  lateHours: number[];
  /** The newest late note handled, for the next run (`options.late`). */
  late?: number;
  rawKeptFrom: number;
  rollupsKeptFrom: number;
}

/**
 * Rolls up every hour from the newest roll-up already stored (or from the start of the raw retention)
 * through the hour `now` falls in. That hour is still filling, so it is rolled up again on the next
 * run, as is the hour before while it ended less than LATE_MS ago; rewriting an hour replaces its points. `timeZoneOf` places each series' hours in its
 * municipality's school day; `partitions` split each hour's read (one filter per school, say) so no
 * single query returns a whole municipality's hour; `since` is the hour the last run reached, which
 * spares reading the newest roll-up of every series. Older hours named by a late note since `late`
 * (the last run's newest; the first run reads the last day's) are rolled up again, and their days.
 */
export async function maintain(store: Store, now: number, policy: RetentionPolicy, options: { timeZoneOf: TimeZoneOf; partitions?: TagFilter[]; since?: number; days?: DayProgress; late?: number }): Promise<MaintenanceReport> {
  const partitions = options.partitions ?? [{}];
  const rawKeptFrom = now - policy.rawDays * DAY_MS;
  // A scheduler passes the last run's hour; the first run asks the store. With no roll-up yet, the
  // first hour with raw points starts (a fresh install has a few minutes of them, not 30 days).
  // The hour before is rolled up again while it ended less than LATE_MS ago.
  const rolled = options.since ?? (await newestRollup(store));
  const newest = rolled === undefined ? ((await earliestRaw(store)) ?? now) : Math.min(rolled, now - LATE_MS);
  const fromHour = hourOf(Math.max(rawKeptFrom, newest));
  const toHour = hourOf(now);
  const notes = await store.range({ measurement: 'late_points', from: options.late === undefined ? now - DAY_MS : options.late + 1, to: now + DAY_MS });
  const late = lateHours(notes, rawKeptFrom, fromHour);
  let rollupPoints = 0;
  for (const hour of late) rollupPoints += await rollUpHour(store, hour, partitions, options.timeZoneOf);
  for (let hour = fromHour; hour <= toHour; hour += HOUR_MS) rollupPoints += await rollUpHour(store, hour, partitions, options.timeZoneOf);
  const days: DayProgress = { ...options.days };
  // The late hours' days before those this run makes anyway.
  let dailyPoints = 0;
  for (const day of new Set(late.map(dayOf).filter((day) => day < dayOf(fromHour)))) {
    for (const measurement of rollupMeasurements) dailyPoints += await rollUpDaysIn(store, measurement, { from: day, to: day + DAY_MS }, partitions);
  }
  dailyPoints += await rollUpWholeDays(store, fromHour, toHour, partitions, days);
  // Every hour before the one `now` falls in has been rolled up by now, in this run or an earlier one.
  const rawCut = Math.min(rawKeptFrom, toHour);
  for (const measurement of rawMeasurements) await store.deleteBefore(measurement, rawCut);
  // Summaries are made again every hour: a day of them is kept to look back on.
  for (const measurement of [...summaryMeasurements, ...noteMeasurements]) await store.deleteBefore(measurement, now - DAY_MS);
  const rollupsKeptFrom = now - Math.round(policy.rollupYears * 365.25) * DAY_MS;
  for (const measurement of [...rollupMeasurements, ...dailyMeasurements]) await store.deleteBefore(measurement, rollupsKeptFrom);
  const newestNote = notes.reduce<number | undefined>((newest, n) => Math.max(newest ?? n.time, n.time), options.late);
  return { fromHour, toHour, rollupPoints, dailyPoints, days, lateHours: late, ...(newestNote === undefined ? {} : { late: newestNote }), rawKeptFrom: rawCut, rollupsKeptFrom };
}

/** One hour of every raw measurement rolled up, a partition at a time; the roll-ups written. */
async function rollUpHour(store: Store, hour: number, partitions: readonly TagFilter[], timeZoneOf: TimeZoneOf): Promise<number> {
  let written = 0;
  for (const measurement of Object.keys(ROLLUPS) as RawMeasurement[]) {
    for (const filter of partitions) {
      const raw = await store.range({ measurement, filter, from: hour, to: hour + HOUR_MS });
      const rolled = rollUp(measurement, raw, timeZoneOf);
      if (rolled.length > 0) await store.write(rolled);
      written += rolled.length;
    }
  }
  return written;
}

/** Per hourly measurement: its oldest day rolled up, and its oldest hourly roll-up. */
export type DayProgress = Partial<Record<RollupMeasurement, { oldestDay: number; oldestHour: number }>>;

/**
 * The days rolled up in this run: those made whole by it (every day before the one `toHour`, the
 * hour still filling, falls in), and a week of the days older than the oldest daily roll-up that
 * have hourly ones: an install upgraded with years of hourly roll-ups gets its days in the
 * background, a week per run and measurement, newest first. Where each measurement stands is asked
 * of the store on a process's first run only (finding the oldest point of a county's radios took
 * InfluxDB 9 s), then carried in `days` from run to run.
 */
async function rollUpWholeDays(store: Store, fromHour: number, toHour: number, partitions: readonly TagFilter[], days: DayProgress): Promise<number> {
  const whole = dayOf(toHour);
  let written = 0;
  for (const measurement of rollupMeasurements) {
    written += await rollUpDaysIn(store, measurement, { from: dayOf(fromHour), to: whole }, partitions);
    const known = days[measurement] ? { ...days[measurement] } : { oldestDay: (await store.earliest(DAILY[measurement].into)) ?? whole, oldestHour: (await store.earliest(measurement)) ?? whole };
    if (known.oldestHour < known.oldestDay) {
      const from = Math.max(dayOf(known.oldestHour), known.oldestDay - BACKFILL_DAYS * DAY_MS);
      written += await rollUpDaysIn(store, measurement, { from, to: known.oldestDay }, partitions);
      known.oldestDay = from;
    }
    days[measurement] = known;
  }
  return written;
}

async function earliestRaw(store: Store): Promise<number | undefined> {
  let earliest: number | undefined;
  for (const measurement of Object.keys(ROLLUPS) as RawMeasurement[]) {
    const t = await store.earliest(measurement);
    if (t !== undefined) earliest = Math.min(earliest ?? t, t);
  }
  return earliest;
}

/** The start of the newest hour rolled up, over every roll-up measurement. */
async function newestRollup(store: Store): Promise<number | undefined> {
  let newest: number | undefined;
  for (const measurement of rollupMeasurements) {
    for (const p of await store.latest(measurement)) newest = Math.max(newest ?? p.time, p.time);
  }
  return newest;
}

/**
 * Runs `maintain` now and every five minutes, one run at a time, carrying the hour reached and how
 * far back the days are rolled up from one run to the next. Returns a function that stops it and waits for a run in progress. `ran` is told
 * after each run that completed: roll-ups were written and old points removed.
 */
export function scheduleMaintenance(store: Store, policy: RetentionPolicy, scope: { partitions: TagFilter[]; timeZoneOf: TimeZoneOf }, log: (message: string) => void, ran: () => void = () => {}): () => Promise<void> {
  let since: number | undefined;
  let days: DayProgress | undefined;
  let late: number | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = maintain(store, Date.now(), policy, { ...scope, since, days, late })
      .then((report) => {
        since = report.toHour;
        days = report.days;
        late = report.late;
        ran();
      })
      .catch((err) => log(`maintenance: roll-up or retention failed (${(err as Error).message}); trying again in five minutes`))
      .finally(() => (running = undefined));
  };
  const task = cron.schedule('15 */5 * * * *', run);
  run();
  return async () => {
    await task.stop();
    await running;
  };
}
