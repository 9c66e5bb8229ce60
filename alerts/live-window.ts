// The raw points the live rules look at (the last minutes of every school), kept between evaluations
// so that each one reads only what arrived since the one before, not every school's whole window again.
// A poll's points can reach the store a little after their time (a slow cycle, a write waiting its
// turn), so each read reaches back `lateMs` before the previous one's end; anything later still (a
// spool emptied after the store was down) is found by a full read, made once a window.
import type { Point } from '../store/point.ts';
import { quickKey, type Store } from '../store/store.ts';

export type LiveMeasurement = 'interface' | 'access_point' | 'radio' | 'device' | 'traffic';

/** One series' points in the window: times ascending, each field's values beside them (NaN: absent). */
interface SeriesWindow {
  tags: Record<string, string>;
  times: number[];
  fields: Map<string, number[]>;
}

interface MeasurementWindow {
  /** By school, then by series. */
  schools: Map<string, Map<string, SeriesWindow>>;
  /** The end (exclusive) of the last read. */
  readTo: number;
  /** When the window was last read whole. */
  wholeAt: number;
  windowMs: number;
}

/** The most time one read covers: a full read of a county's window goes in parts, not at once. */
const READ_SLICE_MS = 5 * 60_000;

export class LiveWindow {
  private readonly windows = new Map<LiveMeasurement, MeasurementWindow>();

  constructor(private readonly store: Store) {}

  /**
   * Brings the measurement's window up to `now`: the points of [now − windowMs, now] of the schools
   * named, read anew where the window is new, moved back in time, or last read whole a window ago.
   */
  async refresh(measurement: LiveMeasurement, schools: ReadonlySet<string>, now: number, windowMs: number, lateMs: number): Promise<void> {
    const from = now - windowMs;
    const known = this.windows.get(measurement);
    const whole = !known || known.windowMs !== windowMs || now < known.readTo - 1 || now - known.wholeAt >= windowMs;
    const window: MeasurementWindow = whole ? { schools: new Map(), readTo: from, wholeAt: now, windowMs } : known;
    const readFrom = whole ? from : Math.max(from, window.readTo - lateMs);
    for (let start = readFrom; start <= now; start += READ_SLICE_MS) {
      const points = await this.store.range({ measurement, from: start, to: Math.min(now + 1, start + READ_SLICE_MS) });
      for (const p of points) if (p.tags.school !== undefined && schools.has(p.tags.school)) add(window, p);
    }
    window.readTo = now + 1;
    for (const [school, series] of window.schools) {
      if (!schools.has(school)) window.schools.delete(school);
      else for (const [key, s] of series) if (!trim(s, from)) series.delete(key);
    }
    this.windows.set(measurement, window);
  }

  /** The school's points of the measurement in its window, oldest first per series. */
  points(measurement: LiveMeasurement, school: string): Point[] {
    const points: Point[] = [];
    for (const s of this.windows.get(measurement)?.schools.get(school)?.values() ?? []) {
      s.times.forEach((time, i) => {
        const fields: Record<string, number> = {};
        for (const [name, values] of s.fields) if (!Number.isNaN(values[i]!)) fields[name] = values[i]!;
        points.push({ measurement, tags: s.tags, fields, time });
      });
    }
    return points;
  }
}

/** Puts a point in its series, replacing one at the same time (a point written again replaces itself in the store too). */
function add(window: MeasurementWindow, p: Point): void {
  const school = p.tags.school!;
  let bySeries = window.schools.get(school);
  if (!bySeries) window.schools.set(school, (bySeries = new Map()));
  const key = quickKey(p.tags);
  let s = bySeries.get(key);
  if (!s) bySeries.set(key, (s = { tags: p.tags, times: [], fields: new Map() }));
  // Mostly at the end: a read brings the newest polls.
  let at = s.times.length;
  while (at > 0 && s.times[at - 1]! > p.time) at--;
  const replaces = at > 0 && s.times[at - 1] === p.time;
  if (replaces) at--;
  else {
    s.times.splice(at, 0, p.time);
    for (const values of s.fields.values()) values.splice(at, 0, NaN);
  }
  for (const [name, value] of Object.entries(p.fields)) {
    let values = s.fields.get(name);
    if (!values) s.fields.set(name, (values = s.times.map(() => NaN)));
    values[at] = value;
  }
  // A field the point no longer has is absent at its time.
  if (replaces) for (const [name, values] of s.fields) if (!(name in p.fields)) values[at] = NaN;
}

/** Drops the points before `from`; false when none are left. */
function trim(s: SeriesWindow, from: number): boolean {
  let n = 0;
  while (n < s.times.length && s.times[n]! < from) n++;
  if (n > 0) {
    s.times.splice(0, n);
    for (const values of s.fields.values()) values.splice(0, n);
  }
  return s.times.length > 0;
}
