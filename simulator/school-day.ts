// The shape of a school day, for the simulator: how many devices are on the Wi-Fi and how hard they
// work at a given local time. Pure and deterministic: the same seed and instant give the same load.
import { localWeekTime, type LocalWeekTime } from '../models/local-time.ts';

export interface Activity {
  /** Share of the building's devices associated to the Wi-Fi. */
  present: number;
  /** Traffic per associated device relative to a lesson's busy-hour rate. */
  intensity: number;
}

const at = (h: number, m = 0) => h * 60 + m;

/** Lessons of 45 minutes, short breaks, and a lunch break: a Nordic timetable from 08:15 to 14:30. */
const timetable: { from: number; to: number; activity: Activity }[] = [
  { from: at(7, 30), to: at(8, 15), activity: { present: 0.35, intensity: 0.3 } },
  { from: at(8, 15), to: at(9, 0), activity: { present: 0.9, intensity: 1 } },
  { from: at(9, 0), to: at(9, 15), activity: { present: 0.8, intensity: 0.35 } },
  { from: at(9, 15), to: at(10, 0), activity: { present: 0.92, intensity: 1 } },
  { from: at(10, 0), to: at(10, 15), activity: { present: 0.8, intensity: 0.35 } },
  { from: at(10, 15), to: at(11, 0), activity: { present: 0.92, intensity: 0.95 } },
  { from: at(11, 0), to: at(11, 30), activity: { present: 0.85, intensity: 0.5 } },
  { from: at(11, 30), to: at(12, 15), activity: { present: 0.9, intensity: 0.9 } },
  { from: at(12, 15), to: at(12, 30), activity: { present: 0.75, intensity: 0.35 } },
  { from: at(12, 30), to: at(13, 15), activity: { present: 0.88, intensity: 0.85 } },
  { from: at(13, 15), to: at(14, 30), activity: { present: 0.7, intensity: 0.7 } },
  { from: at(14, 30), to: at(16, 30), activity: { present: 0.15, intensity: 0.3 } },
];

const OFF_HOURS: Activity = { present: 0.02, intensity: 0.2 };

export function schoolDayActivity(t: LocalWeekTime): Activity {
  if (t.weekday > 5) return OFF_HOURS;
  return timetable.find((slot) => t.minuteOfDay >= slot.from && t.minuteOfDay < slot.to)?.activity ?? OFF_HOURS;
}

/**
 * The start of the latest full-intensity lesson at or before `now`, within the last eight days: the
 * demo's simulated clock starts there, so a demo shows 45 minutes of lesson load whenever it is
 * started, a Sunday evening included.
 */
export function latestLessonStart(now: number, timeZone: string): number {
  const step = 5 * 60_000;
  const inLesson = (t: number) => schoolDayActivity(localWeekTime(t, timeZone)).intensity >= 0.95;
  let t = now - (now % step);
  while (!inLesson(t) && t > now - 8 * 24 * 3600_000) t -= step;
  if (!inLesson(t)) return now;
  while (inLesson(t - step)) t -= step;
  return t;
}

/** A repeatable pseudo-random number in [0, 1) for a seed, a key and a time bucket (FNV-1a, then xorshift). */
export function noise(seed: number, key: string, bucket: number): number {
  let h = 2166136261 ^ seed;
  const text = `${key}|${bucket}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}
